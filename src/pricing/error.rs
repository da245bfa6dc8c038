//! Errors of the pricing engine: a catalog that does not load, a price that is not there, usage that is invalid.

use crate::diagnostic::Location;

/// Everything that can go wrong while loading a catalog or pricing usage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PricingError {
    /// The catalog file could not be read.
    #[error("cannot read pricing catalog '{path}': {source}")]
    Io {
        /// The file that was being read.
        path: String,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The catalog file is larger than the limit: refused before it is read (or as soon as the read passes it).
    #[error(
        "pricing catalog '{path}' is {bytes} bytes, larger than the limit for a pricing catalog ({limit} bytes): \
         not read; {flag} MB raises the limit",
        flag = crate::limits::FLAG
    )]
    FileTooLarge {
        /// The file.
        path: String,
        /// Its size, or as much as was read past the limit [bytes].
        bytes: u64,
        /// The limit [bytes].
        limit: u64,
    },
    /// The catalog is not valid TOML or does not follow the catalog format.
    #[error("{location}: {message}")]
    Invalid {
        /// Where in the catalog.
        location: Location,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// Several problems of one catalog (two or more), each on its own line, in the order found.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Several(Vec<PricingError>),
    /// A region that the catalog does not price.
    #[error("unknown region '{region}'{hint}; the catalog {origin} prices: {available}")]
    UnknownRegion {
        /// The region asked for.
        region: String,
        /// A "did you mean" hint, possibly empty.
        hint: String,
        /// Where the catalog came from.
        origin: String,
        /// Comma-separated list of the regions available.
        available: String,
    },
    /// Usage needs a price that the catalog does not have for that region and architecture.
    #[error("no {dimension} price for {region} {architecture} in the catalog {origin}; add a [[price]] entry (see pricing/README.md)")]
    PriceNotFound {
        /// The price dimension, e.g. `provisioned_concurrency`.
        dimension: &'static str,
        /// The region.
        region: String,
        /// The architecture.
        architecture: String,
        /// Where the catalog came from.
        origin: String,
    },
    /// A usage quantity is negative.
    #[error("function '{function}': {field} must be zero or more (got {value})")]
    NegativeUsage {
        /// The function's name.
        function: String,
        /// Which quantity.
        field: &'static str,
        /// The value given.
        value: String,
    },
    /// API calls are given without saying which API receives them.
    #[error("function '{function}': api_requests needs an api_kind (rest_api, http_api or function_url), not none")]
    ApiKindMissing {
        /// The function's name.
        function: String,
    },
    /// An amount does not fit in an exact decimal (about 7.9e28): the message names the function, the line and
    /// the catalog price involved.
    #[error("{message}")]
    TooLarge {
        /// Index of the function whose line is too large, `None` for account-level amounts.
        function: Option<usize>,
        /// What is too large, and what to check.
        message: String,
    },
    /// A savings-plan discount outside [0, 100).
    #[error("savings plan discount must be at least 0% and below 100% (got {0}%)")]
    SavingsPlan(String),
}
