//! AWS Price List offer data → a catalog in costsim's format (`costsim pricing import`).
//!
//! AWS publishes every Lambda price in the Price List: the bulk offer files
//! (`https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSLambda/current/index.json`, and one per region under
//! `…/current/REGION/index.json`) and the Price List Query API (`aws pricing get-products --service-code AWSLambda`).
//! [`read`] streams either format; [`build`] turns the Lambda products and their on-demand terms into catalog prices
//! (volume bands → tiers); [`write::catalog`] writes them with the rules of a base catalog. A dimension the offer lacks
//! stays absent from the catalog (pricing it is then an error, never $0).

pub mod build;
pub mod mapping;
pub mod read;
pub mod write;

use std::path::Path;

pub use build::{build, Entry, Imported};
pub use read::{Collected, OfferFile, LAMBDA_OFFER, MAX_PRODUCTS};

use crate::diagnostic::LocatedError;

/// What can go wrong in an import.
#[derive(Debug, thiserror::Error)]
pub enum OfferError {
    /// A file that cannot be opened or read.
    #[error("cannot read offer file '{path}': {source}")]
    Io {
        /// The file.
        path: String,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// JSON that does not parse or is not offer data, or a term whose values cannot be used: `file:line:col`.
    #[error(transparent)]
    Located(#[from] LocatedError),
    /// Nothing a catalog could be made of.
    #[error("{0}")]
    NoPrices(String),
}

/// Reads every file (`-` is standard input), in order, streaming.
///
/// # Errors
/// [`OfferError::Io`] for a file that cannot be opened; [`OfferError::Located`] for one that is not offer data.
pub fn read_files(paths: &[&Path]) -> Result<Collected, OfferError> {
    let mut collected = Collected::default();
    for path in paths {
        let shown = path.display().to_string();
        if *path == Path::new("-") {
            read::read("<stdin>", std::io::stdin().lock(), &mut collected)?;
        } else {
            let file = std::fs::File::open(path).map_err(|source| OfferError::Io { path: shown.clone(), source })?;
            read::read(&shown, file, &mut collected)?;
        }
    }
    Ok(collected)
}
