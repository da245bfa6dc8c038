//! The calibration chart: measured mean durations (with 95% intervals) against the fitted model, by memory size,
//! as SVG text.

use plotters::prelude::*;

use super::fit::{cpu_factor, Basis, Z975};
use super::Calibration;
use crate::workload::{MAX_VCPU, MB_PER_VCPU};

/// Chart size [px].
const SIZE: (u32, u32) = (860, 520);
/// Points along the fitted curve.
const CURVE_POINTS: u32 = 300;

/// Draws measured against fitted mean warm durations by memory size.
///
/// # Errors
/// A message if plotters fails to draw (it does not for finite inputs; kept so that nothing panics).
pub fn svg(cal: &Calibration, title: &str) -> Result<String, String> {
    let mut out = String::new();
    draw(cal, title, &mut out).map_err(|e| format!("cannot draw the chart: {e}"))?;
    Ok(out)
}

fn draw(cal: &Calibration, title: &str, out: &mut String) -> Result<(), String> {
    let e = |x: &dyn std::fmt::Display| x.to_string();
    let d = &cal.duration;
    let measured_max = cal.sizes.iter().map(|s| s.memory_mb).max().unwrap_or(3008);
    let x_max = f64::from(measured_max.max(3008)) * 1.05;
    let x_min = 128.0_f64.min(f64::from(cal.sizes[0].memory_mb));
    let xs: Vec<f64> =
        (0..=CURVE_POINTS).map(|i| x_min + (x_max - x_min) * f64::from(i) / f64::from(CURVE_POINTS)).collect();
    let curve = |f: &dyn Fn(u32) -> f64| xs.iter().map(|&x| (x, f(x.round() as u32))).collect::<Vec<_>>();
    // The fitted curve at every x, not at whole MB, so that it is smooth.
    let usable = |x: f64| (x / MB_PER_VCPU).min(MAX_VCPU).min(f64::from(d.threads));
    let fitted: Vec<(f64, f64)> = xs.iter().map(|&x| (x, d.io_ms + d.cpu_ms / usable(x))).collect();
    let bounds = match d.basis {
        Basis::AssumedCpuFraction { memory_mb, .. } => {
            let at = cal.sizes.iter().find(|s| s.memory_mb == memory_mb).map_or(0.0, |s| s.mean_ms);
            Some((curve(&|_| at), curve(&|m| at * cpu_factor(m, 1) / cpu_factor(memory_mb, 1))))
        }
        Basis::Fitted { .. } => None,
    };
    // The y range: the measured intervals and the fitted curve, but not the all-CPU bound's steep end.
    let hi = |s: &super::SizeStats| s.mean_ms + s.se_ms.unwrap_or(0.0) * Z975;
    let y_max = cal.sizes.iter().map(hi).chain(fitted.iter().map(|p| p.1)).fold(1.0, f64::max) * 1.1;
    // Durations are at most 900 s once read; anything else (a hand-built calibration) is refused, not drawn: an
    // infinite or NaN range would never finish placing ticks.
    if !(y_max.is_finite() && y_max <= 1e12) || fitted.iter().any(|p| !p.1.is_finite()) {
        return Err(format!("durations out of range (up to {y_max} ms): nothing to draw"));
    }
    let root = SVGBackend::with_string(out, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(x_min..x_max, 0.0..y_max)
        .map_err(|x| e(&x))?;
    chart.configure_mesh().x_desc("memory [MB]").y_desc("mean warm duration [ms]").draw().map_err(|x| e(&x))?;
    let blue = RGBColor(31, 119, 180);
    let grey = RGBColor(150, 150, 150);
    let red = RGBColor(214, 39, 40);
    if let Some((io, cpu)) = bounds {
        let clip = |v: Vec<(f64, f64)>| v.into_iter().filter(|p| p.1 <= y_max).collect::<Vec<_>>();
        chart
            .draw_series(LineSeries::new(clip(io), grey.stroke_width(1)))
            .map_err(|x| e(&x))?
            .label("if all I/O / all CPU (bounds)")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], grey));
        chart.draw_series(LineSeries::new(clip(cpu), grey.stroke_width(1))).map_err(|x| e(&x))?;
    }
    chart
        .draw_series(LineSeries::new(fitted, blue.stroke_width(2)))
        .map_err(|x| e(&x))?
        .label(format!("fitted: {:.1} + {:.1} / min(M/1769, 6, {})", d.io_ms, d.cpu_ms, d.threads))
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], blue.stroke_width(2)));
    chart
        .draw_series(cal.sizes.iter().filter_map(|s| {
            let m = f64::from(s.memory_mb);
            s.se_ms.map(|se| PathElement::new(vec![(m, s.mean_ms - Z975 * se), (m, s.mean_ms + Z975 * se)], red))
        }))
        .map_err(|x| e(&x))?;
    chart
        .draw_series(cal.sizes.iter().map(|s| Circle::new((f64::from(s.memory_mb), s.mean_ms), 4, red.filled())))
        .map_err(|x| e(&x))?
        .label("measured mean (±95%)")
        .legend(move |(x, y)| Circle::new((x + 10, y), 4, red.filled()));
    chart.configure_series_labels().background_style(WHITE.mix(0.9)).border_style(BLACK).draw().map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}
