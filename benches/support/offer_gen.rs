//! A generated AWSLambda bulk offer file, for the import bench and for measuring peak memory through the binary:
//! `regions` regions with requests and duration for both architectures (the first band structure of us-east-1's
//! x86_64 duration), and `padding` Lambda@Edge products with their terms, which the import counts and drops (a
//! full offer file is mostly products that are not catalog prices).

use std::io::{self, Write};

/// Writes the offer to `out`.
pub fn write_offer(out: &mut impl Write, regions: usize, padding: usize) -> io::Result<()> {
    out.write_all(
        b"{\"formatVersion\":\"v1.0\",\"offerCode\":\"AWSLambda\",\"version\":\"20251028000000\",\"publicationDate\":\"2025-10-28T00:00:00Z\",\n\"products\":{\n",
    )?;
    let priced = [
        ("Request", "Requests", &[("0", "Inf", "0.0000002")][..]),
        ("Request-ARM", "Requests", &[("0", "Inf", "0.0000002")][..]),
        (
            "Lambda-GB-Second",
            "Lambda-GB-Second",
            &[
                ("0", "6000000000", "0.0000166667"),
                ("6000000000", "15000000000", "0.000015"),
                ("15000000000", "Inf", "0.0000133334"),
            ][..],
        ),
        ("Lambda-GB-Second-ARM", "Lambda-GB-Second", &[("0", "Inf", "0.0000133334")][..]),
    ];
    let mut first = true;
    let mut sep = |out: &mut dyn Write| -> io::Result<()> {
        if !std::mem::take(&mut first) {
            out.write_all(b",\n")?;
        }
        Ok(())
    };
    let product = |sku: &str, region: &str, usage: &str| {
        format!(
            "\"{sku}\":{{\"sku\":\"{sku}\",\"productFamily\":\"Serverless\",\"attributes\":{{\"servicecode\":\"AWSLambda\",\"location\":\"Region {region}\",\"locationType\":\"AWS Region\",\"group\":\"AWS-Lambda\",\"groupDescription\":\"Invocation call for a Lambda function\",\"usagetype\":\"{usage}\",\"operation\":\"\",\"regionCode\":\"{region}\",\"servicename\":\"AWS Lambda\"}}}}"
        )
    };
    for r in 0..regions {
        for (i, (usage, _, _)) in priced.iter().enumerate() {
            sep(out)?;
            write!(out, "{}", product(&format!("P{r:06}{i:02}"), &format!("xx-test-{r}"), &format!("XX{r}-{usage}")))?;
        }
    }
    for p in 0..padding {
        sep(out)?;
        write!(out, "{}", product(&format!("E{p:09}"), "xx-test-0", "XX0-Lambda-Edge-Request"))?;
    }
    out.write_all(b"\n},\n\"terms\":{\"OnDemand\":{\n")?;
    let term = |sku: &str, unit: &str, bands: &[(&str, &str, &str)]| {
        let dims: Vec<String> = bands
            .iter()
            .enumerate()
            .map(|(k, (begin, end, price))| {
                format!(
                    "\"{sku}.JRTCKXETXF.{k}\":{{\"rateCode\":\"{sku}.JRTCKXETXF.{k}\",\"description\":\"per unit\",\"beginRange\":\"{begin}\",\"endRange\":\"{end}\",\"unit\":\"{unit}\",\"pricePerUnit\":{{\"USD\":\"{price}\"}},\"appliesTo\":[]}}"
                )
            })
            .collect();
        format!(
            "\"{sku}\":{{\"{sku}.JRTCKXETXF\":{{\"offerTermCode\":\"JRTCKXETXF\",\"sku\":\"{sku}\",\"effectiveDate\":\"2025-10-01T00:00:00Z\",\"priceDimensions\":{{{}}},\"termAttributes\":{{}}}}}}",
            dims.join(",")
        )
    };
    let mut first = true;
    for r in 0..regions {
        for (i, (_, unit, bands)) in priced.iter().enumerate() {
            if !std::mem::take(&mut first) {
                out.write_all(b",\n")?;
            }
            write!(out, "{}", term(&format!("P{r:06}{i:02}"), unit, bands))?;
        }
    }
    for p in 0..padding {
        out.write_all(b",\n")?;
        write!(out, "{}", term(&format!("E{p:09}"), "Requests", &[("0", "Inf", "0.0000006")]))?;
    }
    out.write_all(b"\n}}}\n")
}
