//! Instruction-set architectures a Lambda function can run on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The CPU architecture of a function. Prices, free-tier accounting and CPU speed differ by architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    /// Intel/AMD 64-bit (`x86_64`), Lambda's default.
    X86_64,
    /// AWS Graviton (`arm64`).
    Arm64,
}

impl Architecture {
    /// Every architecture, in the order reports list them.
    pub const ALL: [Architecture; 2] = [Architecture::X86_64, Architecture::Arm64];

    /// The name AWS uses (`x86_64`, `arm64`).
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

impl fmt::Display for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given was not an architecture name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown architecture '{0}' (allowed: x86_64, arm64)")]
pub struct UnknownArchitecture(pub String);

impl FromStr for Architecture {
    type Err = UnknownArchitecture;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "x86_64" | "x86-64" | "x86" | "amd64" => Ok(Architecture::X86_64),
            "arm64" | "arm" | "aarch64" | "graviton" => Ok(Architecture::Arm64),
            _ => Err(UnknownArchitecture(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_aws_names_and_common_aliases() {
        assert_eq!("x86_64".parse(), Ok(Architecture::X86_64));
        assert_eq!("ARM64".parse(), Ok(Architecture::Arm64));
        assert_eq!("aarch64".parse(), Ok(Architecture::Arm64));
        assert!("riscv".parse::<Architecture>().is_err());
    }
}
