//! The terminal's width and colour as the environment decides them, wrapping, and the choice of columns.

use super::*;

fn env(is_terminal: bool, columns: Option<&str>, no_color: Option<&str>, size: Option<usize>) -> Environment {
    Environment {
        is_terminal,
        columns: columns.map(String::from),
        no_color: no_color.map(String::from),
        term: Some("xterm-256color".into()),
        size,
    }
}

#[test]
fn a_pipe_without_columns_gets_the_full_form_without_colour() {
    let t = Terminal::decide(ColorChoice::Auto, &env(false, None, None, None));
    assert_eq!(t, Terminal::PLAIN);
}

#[test]
fn columns_narrows_a_pipe_and_wins_over_the_terminal_size() {
    assert_eq!(Terminal::decide(ColorChoice::Auto, &env(false, Some("80"), None, None)).width, Some(80));
    assert_eq!(Terminal::decide(ColorChoice::Auto, &env(true, Some("80"), None, Some(200))).width, Some(80));
    assert_eq!(Terminal::decide(ColorChoice::Auto, &env(true, None, None, Some(132))).width, Some(132));
    // Not a positive number: as if unset.
    for bad in ["", "0", "wide", "-80"] {
        assert_eq!(Terminal::decide(ColorChoice::Auto, &env(false, Some(bad), None, None)).width, None, "{bad:?}");
    }
}

#[test]
fn colour_follows_the_flag_the_terminal_and_no_color() {
    let auto = |e: &Environment| Terminal::decide(ColorChoice::Auto, e).color;
    assert!(auto(&env(true, None, None, Some(80))));
    assert!(!auto(&env(false, None, None, None)), "a pipe");
    assert!(!auto(&env(true, None, Some("1"), Some(80))), "NO_COLOR=1");
    // no-color.org: set and empty is as unset.
    assert!(auto(&env(true, None, Some(""), Some(80))), "NO_COLOR=");
    let dumb = Environment { term: Some("dumb".into()), ..env(true, None, None, Some(80)) };
    assert!(!auto(&dumb), "TERM=dumb");
    assert!(Terminal::decide(ColorChoice::Always, &env(false, None, Some("1"), None)).color, "always wins");
    assert!(!Terminal::decide(ColorChoice::Never, &env(true, None, None, Some(80))).color);
}

#[test]
fn width_counts_characters_not_bytes_nor_escape_codes() {
    // "◀ cost" is 6 characters (◀ is 3 bytes); "±0.12" 5; the escape codes take no column.
    assert_eq!(width("◀ cost"), 6);
    assert_eq!(width("±0.12"), 5);
    assert_eq!(width("\x1b[1;32m◀ cost\x1b[0m"), 6);
}

#[test]
fn wrap_hangs_the_indent_and_keeps_every_word() {
    let text = "arm64 at 256 MB is the cheapest: $81.02/month ($4.05 per 1M requests), mean 188 ms";
    let lines = wrap(text, 40, "  cost      ", "            ");
    // 12 + "arm64 at 256 MB is the" (22) = 34; + " cheapest:" would be 44 > 40.
    assert_eq!(
        lines,
        [
            "  cost      arm64 at 256 MB is the",
            "            cheapest: $81.02/month",
            "            ($4.05 per 1M requests),",
            "            mean 188 ms",
        ]
    );
    let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).skip(1).collect();
    assert_eq!(words.join(" "), text);
}

#[test]
fn a_word_longer_than_the_line_stands_alone_and_a_dot_separator_ends_a_line() {
    assert_eq!(wrap("a https://example.com/long b", 10, " ", " "), [" a", " https://example.com/long", " b"]);
    // " api · us-east-1 ·" is 18 columns; "2026-01-15" would make it 29 > 20.
    assert_eq!(wrap("api · us-east-1 · 2026-01-15", 20, " ", " "), [" api · us-east-1 ·", " 2026-01-15"]);
}

#[test]
fn a_number_and_its_unit_wrap_together() {
    // Without the rule the first line would be " saves 1,024" (12 of 13 columns) and "MB" would start the next;
    // " saves 1,024 MB" is 15, so "1,024 MB" moves down whole. Likewise " (p99 +12" is 9 of 9 and "ms)" stays
    // with "+12".
    assert_eq!(wrap("saves 1,024 MB now", 13, " ", " "), [" saves", " 1,024 MB now"]);
    assert_eq!(wrap("(p99 +12 ms)", 9, " ", " "), [" (p99", " +12 ms)"]);
}

#[test]
fn without_a_width_wrap_leaves_one_line() {
    let long = "word ".repeat(50);
    assert_eq!(Terminal::PLAIN.wrap(&long, " ", " ").len(), 1);
}

#[test]
fn keep_drops_the_highest_ranks_until_the_row_fits() {
    // Widths 6, 7, 7, 5, 8 with 2 columns of gap each: 43 + 1 fixed = 44.
    let widths = [6, 7, 7, 5, 8];
    let ranks = [0, 1, 2, 4, 3];
    assert_eq!(keep(&widths, &ranks, 2, 1, 3, None), [true; 5]);
    assert_eq!(keep(&widths, &ranks, 2, 1, 3, Some(44)), [true; 5]);
    // 43: rank 4 (width 5 + 2) goes → 37.
    assert_eq!(keep(&widths, &ranks, 2, 1, 3, Some(43)), [true, true, true, false, true]);
    // 36: rank 3 (8 + 2) goes too → 27.
    assert_eq!(keep(&widths, &ranks, 2, 1, 3, Some(36)), [true, true, true, false, false]);
    // 20: ranks below 3 stay even though 27 > 20.
    assert_eq!(keep(&widths, &ranks, 2, 1, 3, Some(20)), [true, true, true, false, false]);
}

#[test]
fn colour_codes_only_when_colouring() {
    let on = Terminal { width: None, color: true };
    assert_eq!(on.bold("x"), "\x1b[1mx\x1b[0m");
    assert_eq!(on.mark("◀ cost"), "\x1b[1;32m◀ cost\x1b[0m");
    assert_eq!(Terminal::PLAIN.bold("x"), "x");
    assert_eq!(Terminal::PLAIN.mark("◀ cost"), "◀ cost");
}

#[test]
fn items_break_between_items_with_the_dot_ending_the_line() {
    let t = Terminal { width: Some(30), color: false };
    let items = ["nightly-batch", "eu-west-1", "2026-12-01", "20 points"].map(String::from);
    // " nightly-batch · eu-west-1" is 26 columns; " · 2026-12-01" would make it 39 > 30, so " ·" ends the line
    // (28); " 2026-12-01 · 20 points" is 23.
    assert_eq!(t.items(&items, " ", " "), " nightly-batch · eu-west-1 ·\n 2026-12-01 · 20 points\n");
    assert_eq!(Terminal::PLAIN.items(&items, " ", " "), " nightly-batch · eu-west-1 · 2026-12-01 · 20 points\n");
}

#[test]
fn items_keep_room_for_the_dot_that_ends_a_line() {
    let t = Terminal { width: Some(20), color: false };
    let items = ["aaaaaaaa", "bbbbbbbb", "c"].map(String::from);
    // " aaaaaaaa · bbbbbbbb" is exactly 20, but "c" follows: the line would end " ·" at 22, so "bbbbbbbb" goes
    // to the next line (" bbbbbbbb · c" is 13).
    assert_eq!(t.items(&items, " ", " "), " aaaaaaaa ·\n bbbbbbbb · c\n");
    // The last item needs no room after it: " aaaaaaaa · bbbbbbbb" (20) fits.
    assert_eq!(t.items(&items[..2], " ", " "), " aaaaaaaa · bbbbbbbb\n");
}
