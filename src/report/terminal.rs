//! What the terminal tables know of the terminal: how wide it is and whether to colour. The choice is made once,
//! by the command ([`Terminal::detect`]), and handed to the renderers; files and pipes get [`Terminal::PLAIN`],
//! the full form without escape codes, unless the user asks otherwise (`COLUMNS`, `--color always`).
//!
//! Also the few layout tools the tables share: the display width of a cell, word wrapping with a hanging indent,
//! and the choice of which columns to keep at a width.

use std::io::IsTerminal;

/// When to colour (`--color`), as ripgrep's flag of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// When standard output is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`.
    #[default]
    Auto,
    /// Always, even into a pipe.
    Always,
    /// Never.
    Never,
}

/// How the terminal tables are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    /// The width to fit [columns]; `None`: no limit, the full form.
    pub width: Option<usize>,
    /// Whether to emphasise with ANSI escape codes (bold, colour).
    pub color: bool,
}

/// Bold on.
const BOLD: &str = "\x1b[1m";
/// Bold green on: the recommendation mark.
const MARK: &str = "\x1b[1;32m";
/// Everything off.
const RESET: &str = "\x1b[0m";

/// What the environment says, read once so that [`Terminal::decide`] is a plain function.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// Whether standard output is a terminal.
    pub is_terminal: bool,
    /// `COLUMNS`, when set.
    pub columns: Option<String>,
    /// `NO_COLOR`, when set.
    pub no_color: Option<String>,
    /// `TERM`, when set.
    pub term: Option<String>,
    /// The terminal's width as the terminal reports it [columns].
    pub size: Option<usize>,
}

impl Environment {
    /// The process's `COLUMNS`, `NO_COLOR` and `TERM`, for a stream that `is_terminal` (its size left unknown).
    fn read(is_terminal: bool) -> Environment {
        let var = |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
        Environment { is_terminal, columns: var("COLUMNS"), no_color: var("NO_COLOR"), term: var("TERM"), size: None }
    }
}

impl Terminal {
    /// The full form, no escape codes: what files and pipes get.
    pub const PLAIN: Terminal = Terminal { width: None, color: false };

    /// The layout for standard output of this process with `--color choice`.
    pub fn detect(choice: ColorChoice) -> Terminal {
        let is_terminal = std::io::stdout().is_terminal();
        // Asked only of a terminal: a pipe has no width.
        let size = is_terminal
            .then(|| console::Term::stdout().size_checked().map(|(_rows, cols)| usize::from(cols)))
            .flatten();
        Terminal::decide(choice, &Environment { size, ..Environment::read(is_terminal) })
    }

    /// Whether to colour what goes to standard error (an error's source snippet) with `--color choice`: the same
    /// rule as for the tables, asked of standard error.
    pub fn stderr_color(choice: ColorChoice) -> bool {
        Terminal::decide(choice, &Environment::read(std::io::stderr().is_terminal())).color
    }

    /// The layout `env` calls for with `--color choice`.
    ///
    /// Width: `COLUMNS` when it is a positive number (as GNU `ls` reads it: set, it wins over the terminal, and it
    /// narrows a pipe too), else the terminal's own width, else none (a pipe or a file keeps the full form).
    /// Colour: `always`, or `auto` on a terminal without a non-empty `NO_COLOR` (no-color.org) and not `TERM=dumb`.
    pub fn decide(choice: ColorChoice, env: &Environment) -> Terminal {
        let columns = env.columns.as_deref().and_then(|c| c.trim().parse::<usize>().ok()).filter(|&c| c > 0);
        let width = columns.or(if env.is_terminal { env.size.filter(|&c| c > 0) } else { None });
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                env.is_terminal
                    && env.no_color.as_deref().is_none_or(str::is_empty)
                    && env.term.as_deref() != Some("dumb")
            }
        };
        Terminal { width, color }
    }

    /// Whether a table `needed` columns wide must be narrowed.
    pub fn too_narrow_for(&self, needed: usize) -> bool {
        self.width.is_some_and(|w| needed > w)
    }

    /// `text` in bold, when colouring.
    pub fn bold(&self, text: &str) -> String {
        self.paint(BOLD, text)
    }

    /// `text` as a recommendation mark (bold green), when colouring.
    pub fn mark(&self, text: &str) -> String {
        self.paint(MARK, text)
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// `text` word-wrapped at the width (see [`wrap`]); one line, unchanged, without a width.
    pub fn wrap(&self, text: &str, first: &str, rest: &str) -> Vec<String> {
        match self.width {
            Some(w) => wrap(text, w, first, rest),
            None => vec![format!("{first}{text}").trim_end().to_string()],
        }
    }

    /// `items` joined by ` · `, the lines broken between items (`·` ending a line), every line ended by a newline;
    /// word-wrapped instead when an item is wider than a line.
    pub fn items(&self, items: &[String], first: &str, rest: &str) -> String {
        let joined = items.join(" · ");
        let Some(limit) = self.width else { return self.paragraph(&joined, first, rest) };
        if items.iter().any(|i| width(rest).max(width(first)) + width(i) + 2 > limit) {
            return self.paragraph(&joined, first, rest);
        }
        let mut out = String::new();
        let mut line = format!("{first}{}", items.first().map_or("", String::as_str));
        for (n, item) in items.iter().enumerate().skip(1) {
            // A line ending before the last item ends in " ·": room for those two columns is kept.
            let tail = if n + 1 < items.len() { 2 } else { 0 };
            if width(&line) + 3 + width(item) + tail > limit {
                out += &format!("{line} ·\n");
                line = format!("{rest}{item}");
            } else {
                line += &format!(" · {item}");
            }
        }
        out + line.trim_end() + "\n"
    }

    /// [`Terminal::wrap`] with every line ended by a newline, as one string.
    pub fn paragraph(&self, text: &str, first: &str, rest: &str) -> String {
        self.wrap(text, first, rest).into_iter().map(|l| l + "\n").collect()
    }
}

/// How many columns `text` takes on a terminal: one per character (`◀`, `±`, `─` and `→` included), escape codes
/// none.
pub fn width(text: &str) -> usize {
    let mut n = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte (a letter).
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

/// `text` word-wrapped into lines of at most `limit` columns: the first begins with `first`, the others with
/// `rest` (a hanging indent). A word longer than a line stands alone; a ` · ` separator stays at the end of the
/// line before it, never at the start of the next. Every word is kept, in order, each once.
pub fn wrap(text: &str, limit: usize, first: &str, rest: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in text.split(' ').filter(|w| !w.is_empty()) {
        match words.last_mut() {
            // A separator ends the item before it, and a unit stays with its number ("1,024 MB").
            Some(last) if w == "·" || crate::report::format::binds_to_number(last, w) => {
                last.push(' ');
                last.push_str(w);
            }
            _ => words.push(w.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in words {
        if !empty && width(&line) + 1 + width(&word) > limit {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&word);
        empty = false;
    }
    lines.push(line.trim_end().to_string());
    lines
}

/// Which of a table's columns to show in `limit` columns: column `i` is `widths[i]` wide plus `gap`, the row takes
/// `fixed` columns besides, and `ranks[i]` says how long it stays (the highest rank goes first; a rank below
/// `always` never goes). Without a limit, or when everything fits, every column stays.
pub fn keep(
    widths: &[usize],
    ranks: &[usize],
    gap: usize,
    fixed: usize,
    always: usize,
    limit: Option<usize>,
) -> Vec<bool> {
    let mut keep = vec![true; widths.len()];
    let Some(limit) = limit else { return keep };
    let total =
        |keep: &[bool]| fixed + widths.iter().zip(keep).filter(|(_, k)| **k).map(|(w, _)| w + gap).sum::<usize>();
    let mut order: Vec<usize> = (0..widths.len()).filter(|&i| ranks[i] >= always).collect();
    // Highest rank first; between equal ranks, the rightmost.
    order.sort_by_key(|&i| std::cmp::Reverse((ranks[i], i)));
    for i in order {
        if total(&keep) <= limit {
            break;
        }
        keep[i] = false;
    }
    keep
}

/// The footer of a table narrowed to fit `limit` columns: what it left out, and where to see it (`whole`, e.g.
/// "--format csv", or a terminal `full` columns wide, the table's full form). Nothing when nothing was left out.
pub fn dropped_note(dropped: &[&str], limit: Option<usize>, full: usize, whole: &str) -> Vec<String> {
    match limit {
        Some(limit) if !dropped.is_empty() => vec![
            format!("left out to fit {limit} columns: {}", dropped.join(", ")),
            format!("every column: {whole}, or a terminal {full} columns wide"),
        ],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
