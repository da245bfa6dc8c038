//! A deterministic mutator: seed corpora changed by byte flips, deletions, duplications, splices between corpus
//! files and a dictionary of tokens that break parsers (huge, negative, non-finite numbers, empty and very long
//! strings, deep nesting, NUL, CRLF, duplicate lines).
//!
//! Every case is a pure function of (corpus, seed, case index), so a finding is reproduced from its index alone.

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and good enough to pick mutations.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for case `index` of the run seeded `seed`.
    pub fn for_case(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability 1/`n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One element of `items` (non-empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tokens every target gets: the values that broke parsers before, and their relatives.
pub const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "0.0",
    "-0.0",
    "1e308",
    "-1e308",
    "1e400",
    "-1e400",
    "1e-9",
    "1e-400",
    "5e-324",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "+inf",
    "Infinity",
    "-Infinity",
    "18446744073709551616",
    "18446744073709551615",
    "9223372036854775807",
    "-9223372036854775808",
    "4294967295",
    "4294967296",
    "2147483648",
    "65535",
    "65536",
    "1e12",
    "1000000000000",
    "1e20",
    "79228162514264337593543950335",
    "1e25",
    "900000",
    "900001",
    "10240",
    "10241",
    "127",
    "128",
    "3008",
    "1.5",
    "0.5",
    "1e6",
    "1e7",
    "31B",
    "90B",
    "1.5k",
    "5M",
    "2_000_000",
    "0x10",
    "1e",
    "-",
    ".",
    "1..2",
    "00001",
];

/// Structural tokens: strings, nesting, separators and line ends.
pub const STRUCTURE: &[&str] = &[
    "\"\"",
    "''",
    "\u{0}",
    "\\u0000",
    "\r\n",
    "\r",
    "\n",
    "\t",
    ",",
    ";",
    "=",
    ":",
    "#",
    "[",
    "]",
    "{",
    "}",
    "[[",
    "]]",
    "\"",
    "\\",
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "\u{feff}",
    "é",
    "\u{10FFFF}",
    "\u{202e}",
];

/// Mutates a copy of one corpus file; `dict` adds the target's own tokens (keys, column names).
pub fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], dict: &[&str]) -> Vec<u8> {
    let mut data = rng.pick(corpus).clone();
    // Mostly few mutations, so that most cases stay close to valid and reach deep into the parser.
    let rounds = 1 + rng.below(4) * rng.below(4);
    for _ in 0..rounds {
        step(rng, &mut data, corpus, dict);
    }
    data
}

fn token<'a>(rng: &mut Rng, dict: &[&'a str]) -> &'a str {
    match rng.below(3) {
        0 if !dict.is_empty() => dict[rng.below(dict.len())],
        1 => STRUCTURE[rng.below(STRUCTURE.len())],
        _ => NUMBERS[rng.below(NUMBERS.len())],
    }
}

fn step(rng: &mut Rng, data: &mut Vec<u8>, corpus: &[Vec<u8>], dict: &[&str]) {
    let len = data.len();
    let at = |rng: &mut Rng| rng.below(len + 1);
    match rng.below(12) {
        // A number replaced by a dictionary number: keeps the structure, changes the value.
        0..=3 => {
            if let Some((start, end)) = number_span(rng, data) {
                let t = rng.pick(NUMBERS).as_bytes();
                data.splice(start..end, t.iter().copied());
            } else {
                insert(data, at(rng), token(rng, dict).as_bytes());
            }
        }
        4 => {
            let t = token(rng, dict).to_string();
            insert(data, at(rng), t.as_bytes());
        }
        5 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        6 if len > 0 => {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(16.min(len - start))).min(len);
            data.drain(start..end);
        }
        // A line duplicated (duplicate keys and columns) or deleted.
        7 => {
            if let Some((start, end)) = line_span(rng, data) {
                if rng.one_in(2) {
                    let line: Vec<u8> = data[start..end].to_vec();
                    insert(data, end, &line);
                } else {
                    data.drain(start..end);
                }
            }
        }
        // A chunk of another corpus file spliced in.
        8 => {
            let other = rng.pick(corpus);
            if !other.is_empty() {
                let s = rng.below(other.len());
                let e = (s + 1 + rng.below(64)).min(other.len());
                insert(data, at(rng), &other[s..e]);
            }
        }
        // A range duplicated in place.
        9 if len > 0 => {
            let s = rng.below(len);
            let e = (s + 1 + rng.below(32)).min(len);
            let chunk: Vec<u8> = data[s..e].to_vec();
            insert(data, e, &chunk);
        }
        // Rare and large: a very long string or deep nesting.
        10 if rng.one_in(8) => {
            let n = 1 << (8 + rng.below(9));
            let (open, close) = *rng.pick(&[("a", ""), ("[", "]"), ("{\"a\":", "}"), ("9", ""), ("[[a]]\n", "")]);
            let mut blob = open.repeat(n);
            blob.push_str(&close.repeat(n));
            insert(data, at(rng), blob.as_bytes());
        }
        // A line ending turned into CRLF, or the file cut short.
        _ => {
            if rng.one_in(2) {
                if let Some(i) = data.iter().position(|&b| b == b'\n') {
                    data.insert(i, b'\r');
                }
            } else {
                data.truncate(at(rng));
            }
        }
    }
}

fn insert(data: &mut Vec<u8>, at: usize, bytes: &[u8]) {
    data.splice(at..at, bytes.iter().copied());
}

/// A random run of number characters (`0-9 . e E + -`) that holds a digit.
fn number_span(rng: &mut Rng, data: &[u8]) -> Option<(usize, usize)> {
    if data.is_empty() {
        return None;
    }
    let from = rng.below(data.len());
    let start = (from..data.len()).chain(0..from).find(|&i| data[i].is_ascii_digit())?;
    let is_num = |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-' | b'_');
    let s = (0..start).rev().take_while(|&i| is_num(data[i])).last().unwrap_or(start);
    let e = (start..data.len()).find(|&i| !is_num(data[i])).unwrap_or(data.len());
    Some((s, e))
}

/// A random whole line, its end included.
fn line_span(rng: &mut Rng, data: &[u8]) -> Option<(usize, usize)> {
    if data.is_empty() {
        return None;
    }
    let i = rng.below(data.len());
    let start = data[..i].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let end = data[i..].iter().position(|&b| b == b'\n').map_or(data.len(), |p| i + p + 1);
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_reproducible_from_their_index() {
        let corpus = vec![b"a = 1.5\nb = [2, 3]\n".to_vec()];
        let run = |i| mutate(&mut Rng::for_case(7, i), &corpus, &["c"]);
        assert_eq!(run(3), run(3));
        // 100 cases of a 20-byte file: at least some differ from each other (the generator is not stuck).
        let distinct: std::collections::BTreeSet<_> = (0..100).map(run).collect();
        assert!(distinct.len() > 50, "{}", distinct.len());
    }
}
