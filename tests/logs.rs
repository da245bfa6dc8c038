//! Log import (issue 5): every REPORT field in every form, missing optional fields, broken lines with their line
//! numbers. The fixtures in `tests/data/logs/` follow the Lambda developer guide's log formats; each expected value below is read off the fixture.

use costsim::logs::{self, LogForm, Report};

fn read(name: &str) -> (Vec<Report>, logs::LogSummary) {
    let text = std::fs::read_to_string(format!("tests/data/logs/{name}")).unwrap();
    logs::parse_str(&text)
}

fn bad_lines(s: &logs::LogSummary) -> Vec<usize> {
    s.malformed.iter().map(|m| m.line).collect()
}

#[test]
fn text_report_lines() {
    let (r, s) = read("report-text.log");
    // Lines 3, 4, 6–13 are reports; 14–17 are broken reports; 1, 2 (START, END), 5 (XRAY), 18 (app log), 19 (blank)
    // are something else.
    assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert_eq!((s.reports, s.skipped, s.malformed_count), (10, 5, 4));
    assert_eq!(bad_lines(&s), [14, 15, 16, 17]);
    assert!(s.malformed[0].message.contains("Max Memory Used"), "{:?}", s.malformed[0]);
    assert!(s.malformed[1].message.contains("'fast' is not a number"), "{:?}", s.malformed[1]);
    assert!(s.malformed[2].message.contains("64"), "{:?}", s.malformed[2]);
    assert_eq!(s.forms, [LogForm::Text]);

    // The warm fixture (the guide's REPORT line), every field.
    let warm = &r[0];
    assert_eq!(
        (warm.duration_ms, warm.billed_duration_ms, warm.memory_size_mb, warm.max_memory_used_mb),
        (8.40, 9, 128, 66)
    );
    assert_eq!((warm.init_duration_ms, warm.restore_duration_ms, warm.billed_restore_duration_ms), (None, None, None));
    assert!(!warm.is_cold() && warm.time_ms.is_none());
    // Cold: the same plus Init Duration.
    assert_eq!(r[1].init_duration_ms, Some(170.13));
    assert!(r[1].is_cold());
    // After 2025-08-01: Billed Duration does not include INIT (AWS Compute Blog, INIT billing, 2025), and the parser does not add it.
    assert_eq!((r[2].duration_ms, r[2].billed_duration_ms, r[2].init_duration_ms), (3666.80, 3667, Some(960.07)));
    // Container image: Billed = ceil(1293.83 + 1049.63) = 2344, kept as logged.
    assert_eq!(r[3].billed_duration_ms, 2344);
    // SnapStart: Restore Duration and Billed Restore Duration, no Init Duration.
    assert_eq!((r[4].restore_duration_ms, r[4].billed_restore_duration_ms), (Some(310.25), Some(185)));
    assert!(r[4].init_duration_ms.is_none() && r[4].is_cold());
    // A space before each tab; no decimals and no trailing tab; spaces instead of tabs.
    assert_eq!((r[5].duration_ms, r[5].billed_duration_ms, r[5].memory_size_mb), (27.55, 28, 256));
    assert_eq!((r[6].duration_ms, r[6].billed_duration_ms), (1.0, 1));
    assert_eq!((r[8].duration_ms, r[8].billed_duration_ms, r[8].max_memory_used_mb), (12.34, 13, 72));
    // `aws logs tail` prefix: 2024-01-15T10:00:00.123Z = 1,705,312,800.123 s since the epoch.
    assert_eq!((r[7].time_ms, r[7].duration_ms), (Some(1_705_312_800_123), 45.0));
    // An unknown field (`Status: timeout`) is ignored.
    assert_eq!((r[9].duration_ms, r[9].billed_duration_ms), (3000.0, 3000));
}

#[test]
fn json_platform_report_records() {
    let (r, s) = read("report-json.log");
    assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), [4, 5, 6, 7]);
    assert_eq!((s.reports, s.skipped, s.malformed_count), (4, 3, 4));
    assert_eq!(bad_lines(&s), [8, 9, 10, 11]);
    assert!(s.malformed[0].message.contains("maxMemoryUsedMB"), "{:?}", s.malformed[0]);
    assert!(s.malformed[1].message.contains("must be numbers"), "{:?}", s.malformed[1]);
    assert!(s.malformed[3].message.contains("record.metrics"), "{:?}", s.malformed[3]);
    assert_eq!(s.forms, [LogForm::Json]);
    let cold = &r[0];
    assert_eq!(
        (cold.duration_ms, cold.billed_duration_ms, cold.memory_size_mb, cold.max_memory_used_mb),
        (95.25, 96, 512, 88)
    );
    assert_eq!(cold.init_duration_ms, Some(250.5));
    // 2024-01-15T10:00:00.200Z.
    assert_eq!(cold.time_ms, Some(1_705_312_800_200));
    // No initDurationMs key, and an explicit null: both warm (bug #305 of Power Tuning is exactly this case).
    assert!(!r[1].is_cold() && !r[2].is_cold());
    assert_eq!((r[3].restore_duration_ms, r[3].billed_restore_duration_ms), (Some(310.25), Some(185)));
}

#[test]
fn filter_log_events_output() {
    let (r, s) = read("filter-log-events.json");
    // Events 1, 2 and 3 (0-based) are reports; event 4 lacks Memory Size and Max Memory Used. With the AWS CLI's
    // 4-space indentation, event i's message is on line 6 + 7i: 13, 20, 27 and 34.
    assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), [13, 20, 27]);
    assert_eq!((s.reports, s.malformed_count), (3, 1));
    assert_eq!(bad_lines(&s), [34]);
    assert!(s.malformed[0].message.contains("Memory Size, Max Memory Used"), "{:?}", s.malformed[0]);
    assert_eq!(s.forms, [LogForm::FilterLogEvents]);
    // Times from the events' `timestamp`, or from the JSON record's own `time` (2024-01-15T10:02:00Z).
    assert_eq!(
        r.iter().map(|r| r.time_ms).collect::<Vec<_>>(),
        [1_705_312_800_250, 1_705_312_860_000, 1_705_312_920_000].map(Some)
    );
    assert_eq!((r[0].init_duration_ms, r[0].memory_size_mb, r[2].duration_ms), (Some(300.0), 1024, 60.0));

    // The same output compacted onto one line (`jq -c`), and one event per line (`jq -c '.events[]'`).
    let text = std::fs::read_to_string("tests/data/logs/filter-log-events.json").unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (compact, s) = logs::parse_str(&value.to_string());
    assert_eq!((compact.len(), s.malformed_count), (3, 1));
    let per_event: String = value["events"].as_array().unwrap().iter().map(|e| format!("{e}\n")).collect();
    let (lines, s) = logs::parse_str(&per_event);
    assert_eq!(lines.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4]);
    assert_eq!(bad_lines(&s), [5]);
    assert_eq!(lines[0].time_ms, Some(1_705_312_800_250));
}

#[test]
fn logs_insights_csv_export() {
    let (r, s) = read("insights.csv");
    // Row 2 (line 2) and row 3 are reports; line 4 has no report fields; line 5's duration is 'abc'; line 6 has
    // no @memorySize.
    assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    assert_eq!((s.reports, s.skipped, s.malformed_count), (2, 2, 2));
    assert_eq!(bad_lines(&s), [5, 6]);
    assert_eq!(s.forms, [LogForm::InsightsCsv]);
    // Memory in units of 10^6 bytes: 1024000000 → 1,024 MB, 119000000 → 119 MB, 1.28E8 → 128 MB, 6.6E7 → 66 MB.
    assert_eq!((r[0].memory_size_mb, r[0].max_memory_used_mb), (1024, 119));
    assert_eq!((r[1].memory_size_mb, r[1].max_memory_used_mb), (128, 66));
    assert_eq!((r[0].duration_ms, r[0].billed_duration_ms, r[0].init_duration_ms), (3666.8, 3667, Some(960.07)));
    assert_eq!(r[1].init_duration_ms, None);
    // 2025-08-15 18:08:42.123 UTC = 1,755,281,322.123 s since the epoch.
    assert_eq!(r[0].time_ms, Some(1_755_281_322_123));

    // An export of @timestamp,@message: quoted messages with tabs and newlines inside.
    let (r, s) = read("insights-messages.csv");
    assert_eq!((r.len(), s.malformed_count), (2, 0));
    assert_eq!((r[0].duration_ms, r[0].memory_size_mb, r[1].init_duration_ms), (12.5, 256, Some(150.0)));
    // The header is line 1, then rows of two lines each (the message ends in a newline): START on 2, the reports
    // on 4 and 6.
    assert_eq!((r[0].line, r[1].line), (4, 6));
}

#[test]
fn mixed_and_hostile_input_never_panics() {
    let cases = [
        "REPORT RequestId:",
        "REPORT RequestId: x\tDuration: 1e999 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB",
        "REPORT RequestId: x\tDuration: -5 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB",
        "REPORT RequestId: x\tMemory Size: 99999999999999999999 MB",
        "{\"type\":\"platform.report\",\"record\":{\"metrics\":{\"durationMs\":1,\"billedDurationMs\":1.5,\"memorySizeMB\":128,\"maxMemoryUsedMB\":1}}}",
        "{\"events\": 5}",
        "[1,2,3]",
        "\"events\": [\n\"message\": \"REPORT \\u12\"\n]",
        "@duration\n",
        "@timestamp,@duration\n,,\n\"unterminated",
    ];
    for text in cases {
        let (reports, s) = logs::parse_str(text);
        assert!(reports.is_empty(), "{text}: {reports:?}");
        let _ = s;
    }
    // Each of the first five is one malformed report.
    for text in &cases[..5] {
        assert_eq!(logs::parse_str(text).1.malformed_count, 1, "{text}");
    }
}

/// Where (line, column) and what each malformed record of `text` is.
fn faults(text: &str) -> Vec<(usize, usize, String)> {
    logs::parse_str(text).1.malformed.into_iter().map(|m| (m.line, m.column, m.message)).collect()
}

#[test]
fn malformed_records_name_line_and_column_in_every_form() {
    // Text: the bad value's column. "REPORT RequestId: a\t" is 20 characters, "Duration: " 10 more: column 31.
    let text = "START\nREPORT RequestId: a\tDuration: fast ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\n";
    let f = faults(text);
    assert_eq!((f[0].0, f[0].1), (2, 31), "{f:?}");
    assert!(f[0].2.contains("'fast' is not a number"));
    // A check after parsing (memory out of range) is placed at that field: 20 + "Duration: 1 ms\t" (15)
    // + "Billed Duration: 1 ms\t" (22) + "Memory Size: " (13) = 70 characters before it: column 71.
    let text =
        "REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 64 MB\tMax Memory Used: 1 MB\n";
    assert_eq!(faults(text)[0].1, 71);
    // JSON: the metric's value. `{"type":"platform.report","record":{"metrics":{"durationMs":` is 1 + 6 + 1 + 17
    // + 1 + 8 + 1 + 1 + 9 + 1 + 1 + 12 + 1 = 60 characters: column 61.
    let text = r#"{"type":"platform.report","record":{"metrics":{"durationMs":-4,"billedDurationMs":1,"memorySizeMB":128,"maxMemoryUsedMB":1}}}"#;
    assert_eq!(&text[60..62], "-4");
    let f = faults(text);
    assert_eq!((f[0].0, f[0].1), (1, 61), "{f:?}");
    // Insights CSV: the field's column. "2024-01-15 10:00:00.000," is 24 characters: @duration at 25.
    let text =
        "@timestamp,@duration,@billedDuration,@memorySize,@maxMemoryUsed\n2024-01-15 10:00:00.000,x1,2,1.28E8,6.6E7\n";
    let f = faults(text);
    assert_eq!((f[0].0, f[0].1), (2, 25), "{f:?}");
    // Columns count characters, not bytes: "é" before the report is one column.
    let text = "é REPORT RequestId: a\tDuration: fast ms\n";
    assert_eq!(faults(text)[0].1, 33);
}

#[test]
fn durations_above_lambdas_900_s_limit_are_malformed() {
    let line = |d: &str| {
        format!("REPORT RequestId: a\tDuration: {d} ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB\n")
    };
    // 900,000 ms is the 900 s maximum timeout: accepted; a microsecond more, and 1e308, are not.
    assert_eq!(logs::parse_str(&line("900000")).0.len(), 1);
    for d in ["900000.001", "1e308", "inf", "NaN"] {
        let (r, s) = logs::parse_str(&line(d));
        assert!(r.is_empty(), "{d}");
        assert!(s.malformed[0].message.contains("900 s maximum timeout"), "{d}: {:?}", s.malformed);
        // The number is quoted short: 1e308, not its 309 digits.
        assert!(s.malformed[0].message.len() < 120, "{}", s.malformed[0].message);
    }
    let json = r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,"billedDurationMs":1,"memorySizeMB":128,"maxMemoryUsedMB":1,"initDurationMs":1e308}}}"#;
    let f = faults(json);
    assert!(f[0].2.contains("Init Duration must be") && f[0].2.contains("(got 1e308)"), "{f:?}");
}

#[test]
fn excerpts_of_bad_input_are_short_and_escaped() {
    // An escape sequence and a long run of text where a number belongs.
    let text = format!("REPORT RequestId: a\tDuration: \u{1b}[31m{} ms\n", "9".repeat(200));
    let m = &faults(&text)[0].2;
    assert!(!m.contains('\u{1b}') && m.contains("\\u{1b}"), "{m}");
    let quoted = &m[m.find('\'').unwrap() + 1..m.rfind('\'').unwrap()];
    // 40 characters of the input, the ESC among them shown as the 6 characters `\u{1b}`, then the ellipsis:
    // 39 + 6 + 1 = 46.
    assert_eq!(quoted.chars().count(), 46, "{m}");
}

#[test]
fn a_line_longer_than_the_limit_is_malformed_and_the_next_is_read() {
    let report =
        "REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB\n";
    let text = format!("{}\n{report}", "x".repeat(logs::MAX_LINE_BYTES + 1));
    let (r, s) = logs::parse_str(&text);
    assert_eq!((r.len(), r[0].line), (1, 2));
    assert_eq!((s.malformed_count, s.malformed[0].line), (1, 1));
    // Exactly at the limit, the line is read (and is no report).
    let text = format!("{}\n{report}", "x".repeat(logs::MAX_LINE_BYTES));
    let (r, s) = logs::parse_str(&text);
    assert_eq!((r.len(), s.malformed_count, s.skipped), (1, 0, 1));
}
