//! `[current]`, checked: the memory, architecture and concurrency the function runs with today. It is always
//! simulated, in or outside the sweep, so that every recommendation can say what it changes and saves.

use toml::Spanned;

use super::{Builder, Result};
use crate::diagnostic::excerpt;
use crate::scenario::raw::RawCurrent;
use crate::scenario::CurrentSetting;
use crate::sim::Platform;
use crate::Architecture;

impl Builder<'_> {
    /// Today's setting; `platform` is the sweep's, which today's provisioned and reserved concurrency replace.
    pub(super) fn current(
        &self,
        raw: Option<&Spanned<RawCurrent>>,
        platform: &Platform,
    ) -> Result<Option<CurrentSetting>> {
        let Some(raw) = raw else { return Ok(None) };
        let c = raw.get_ref();
        let memory_mb = self.range_u32(&c.memory_mb, "memory_mb", 128, 10_240, " MB")?;
        let architecture: Architecture = c.architecture.get_ref().parse().map_err(|_| {
            self.err(
                c.architecture.span(),
                format!("unknown architecture '{}' (allowed: x86_64, arm64)", excerpt(c.architecture.get_ref())),
            )
        })?;
        let reserved = c
            .reserved_concurrency
            .as_ref()
            .map(|r| self.range_u32(r, "reserved_concurrency", 0, 1_000_000, ""))
            .transpose()?;
        let limit = reserved.or(platform.concurrency_limit());
        let mut today = platform.clone().with_concurrency_limit(limit);
        if let Some(n) = &c.provisioned {
            let max = limit.unwrap_or(u32::MAX);
            let n = self.range_u32(n, "provisioned", 0, max, " (the concurrency limit)")?;
            today = today.with_provisioned([n; 24]);
        }
        if today.provisioned().iter().any(|&n| n > limit.unwrap_or(u32::MAX)) {
            let span = c.reserved_concurrency.as_ref().map_or(raw.span(), Spanned::span);
            return Err(
                self.err(span, "reserved_concurrency is below [platform] provisioned: give [current] provisioned too")
            );
        }
        Ok(Some(CurrentSetting { memory_mb, architecture, platform: today, reserved_concurrency: reserved }))
    }
}
