//! AWS Price List offer data read as a stream: the bulk offer file (`products` then `terms`) and the output of
//! `aws pricing get-products` (`PriceList`, one JSON document per product, as strings or objects), in one pass.
//!
//! A full offer file is hundreds of megabytes; only the Lambda products that are catalog prices and their
//! on-demand terms are kept, each as soon as it is read, and everything else (other products, reserved terms, other
//! services, descriptions) is counted or skipped without being held. serde_json reads through [`Counting`], which tracks the line and column of the bytes consumed, so
//! that a product or term checked later can still be located in its file.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Read};
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::mapping::{self, Mapped};
use crate::diagnostic::{json_error_message, LocatedError, Location};
use crate::pricing::Dimension;
use crate::Architecture;

/// The service code of AWS Lambda in the Price List.
pub const LAMBDA_OFFER: &str = "AWSLambda";

/// Most Lambda prices (products that are catalog dimensions) kept from all files together. AWS's whole Lambda
/// offer has a few hundred (about 14 per region); a file with more is not a Lambda offer, and is refused before it
/// can exhaust memory. Other products are counted, not held.
pub const MAX_PRODUCTS: usize = 200_000;

/// A Lambda product of the offer that is a catalog price: what its SKU is the price of.
#[derive(Debug, Clone)]
pub struct Product {
    /// The SKU.
    pub sku: String,
    /// `attributes.regionCode`.
    pub region: String,
    /// `attributes.location`: the region's display name ("US East (N. Virginia)").
    pub location: Option<String>,
    /// `attributes.usagetype` ("USE2-Lambda-GB-Second").
    pub usage_type: String,
    /// The catalog dimension it prices.
    pub dimension: Dimension,
    /// The architecture it prices.
    pub architecture: Architecture,
    /// Index of the file in the order given.
    pub file: usize,
    /// Where the product is written.
    pub at: Location,
}

/// One on-demand term of a SKU: its prices from a date.
#[derive(Debug, Clone)]
pub struct Term {
    /// The SKU priced.
    pub sku: String,
    /// `effectiveDate`, as written ("2025-10-01T00:00:00Z").
    pub effective: String,
    /// The price dimensions (volume bands), in the file's order.
    pub dimensions: Vec<PriceDimension>,
    /// Index of the file in the order given.
    pub file: usize,
    /// Where the term is written.
    pub at: Location,
}

/// One price dimension of a term: a price per unit over a range of monthly usage.
#[derive(Debug, Clone, Deserialize)]
#[serde(expecting = "a price dimension: {\"beginRange\", \"endRange\", \"unit\", \"pricePerUnit\": {\"USD\": …}}")]
pub struct PriceDimension {
    /// Start of the band [units], as written ("0", "6000000000").
    #[serde(rename = "beginRange")]
    pub begin_range: Option<String>,
    /// End of the band [units], as written ("6000000000", "Inf").
    #[serde(rename = "endRange")]
    pub end_range: Option<String>,
    /// The unit ("Lambda-GB-Second", "Requests").
    #[serde(default)]
    pub unit: String,
    /// Price per unit by currency code, as decimal strings.
    #[serde(rename = "pricePerUnit", default)]
    pub price_per_unit: BTreeMap<String, String>,
}

/// What one file says about itself.
#[derive(Debug, Clone, Default)]
pub struct OfferFile {
    /// The path as given.
    pub path: String,
    /// `offerCode` of a bulk file, or `serviceCode` of the products of a get-products page.
    pub offer_code: Option<String>,
    /// `version` (the latest, for get-products, whose documents each carry one).
    pub version: Option<String>,
    /// `publicationDate` (the latest).
    pub published: Option<String>,
}

/// Everything read from the files.
#[derive(Debug, Default)]
pub struct Collected {
    /// The Lambda products that are catalog prices, by SKU.
    pub products: BTreeMap<String, Product>,
    /// The other Lambda products, counted by why they are not imported (not held).
    pub skipped: BTreeMap<String, u64>,
    /// The on-demand terms of the Lambda products (and, when a file gives terms before products, of any SKU;
    /// unmatched ones are dropped when the offer is built).
    pub terms: Vec<Term>,
    /// The files, in the order given.
    pub files: Vec<OfferFile>,
    /// Products of other services skipped, by service code.
    pub other_services: BTreeMap<String, u64>,
}

/// Reads one file into `into`.
///
/// # Errors
/// [`LocatedError`] naming `path:line:col` for JSON that does not parse or is not shaped like offer data, and for
/// a file with more than [`MAX_PRODUCTS`] Lambda products; `io::Error` is reported as a located error at the
/// place the read stopped.
pub fn read(path: &str, reader: impl Read, into: &mut Collected) -> Result<(), LocatedError> {
    let at = Rc::new(Position::default());
    // The counter sits above the buffer: serde_json asks for one byte at a time, so the count is exact.
    let counting = Counting { inner: io::BufReader::with_capacity(1 << 16, reader), at: Rc::clone(&at) };
    let file = into.files.len();
    into.files.push(OfferFile { path: path.to_string(), ..OfferFile::default() });
    let mut sink =
        Sink { collected: into, path, file, at, products_seen: false, lambda_skus: BTreeSet::new(), failed_at: None };
    let mut de = serde_json::Deserializer::from_reader(counting);
    let result = Top { sink: &mut sink }.deserialize(&mut de).and_then(|()| de.end());
    result.map_err(|e| {
        // serde_json locates an error where it noticed it, often past the value (after the line end that closed a
        // number); a product or term that is not shaped right is located at its key instead.
        let location = sink.failed_at.take().unwrap_or_else(|| Location::at_line(path, e.line(), e.column()));
        LocatedError::new(location, describe_json_error(&e))
    })
}

fn describe_json_error(e: &serde_json::Error) -> String {
    let message = json_error_message(e);
    if e.is_io() {
        format!("cannot read the file: {message}")
    } else {
        message
    }
}

/// Line and column of the next byte to be read, 1-based (columns in characters).
struct Position {
    line: Cell<usize>,
    column: Cell<usize>,
}

impl Default for Position {
    fn default() -> Self {
        Position { line: Cell::new(1), column: Cell::new(1) }
    }
}

impl Position {
    fn advance(&self, bytes: &[u8]) {
        for &b in bytes {
            if b == b'\n' {
                self.line.set(self.line.get() + 1);
                self.column.set(1);
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character.
                self.column.set(self.column.get() + 1);
            }
        }
    }

    fn location(&self, path: &str) -> Location {
        Location::at_line(path, self.line.get(), self.column.get())
    }
}

/// A reader that counts what it hands out: serde_json reads byte by byte and looks one byte ahead, so the count is
/// where serde_json is, give or take that byte. A product is located just after its SKU key ([`Sink::here`]).
struct Counting<R> {
    inner: R,
    at: Rc<Position>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.at.advance(&buf[..n]);
        Ok(n)
    }
}

/// Where the visitors put what they keep.
struct Sink<'a> {
    collected: &'a mut Collected,
    path: &'a str,
    file: usize,
    at: Rc<Position>,
    /// Whether a `products` table was read in this file: after it, terms of other SKUs are not kept.
    products_seen: bool,
    lambda_skus: BTreeSet<String>,
    /// Where the product, term or document that failed to deserialize begins.
    failed_at: Option<Location>,
}

impl Sink<'_> {
    fn here(&self) -> Location {
        self.at.location(self.path)
    }

    fn meta(&mut self) -> &mut OfferFile {
        &mut self.collected.files[self.file]
    }

    /// Keeps a Lambda product that is a catalog price; counts the others. Returns whether it was kept.
    fn product<E: de::Error>(&mut self, raw: RawProduct, at: Location) -> Result<bool, E> {
        let a = raw.attributes;
        match a.servicecode.as_deref() {
            None | Some(LAMBDA_OFFER) => {}
            Some(other) => {
                *self.collected.other_services.entry(other.to_string()).or_default() += 1;
                return Ok(false);
            }
        }
        let (dimension, architecture) = match mapping::classify(a.usagetype.as_deref(), a.region_code.as_deref()) {
            Mapped::Price(d, arch) => (d, arch),
            Mapped::Skip(reason) => {
                *self.collected.skipped.entry(reason.to_string()).or_default() += 1;
                return Ok(false);
            }
        };
        let region = a.region_code.unwrap_or_default();
        if !is_region_code(&region) {
            self.failed_at = Some(at);
            return Err(E::custom(format!(
                "SKU {}: regionCode '{}' is not an AWS region code (such as us-east-1: lower-case letters and digits \
                 joined by dashes)",
                crate::diagnostic::excerpt(&raw.sku),
                crate::diagnostic::excerpt(&region)
            )));
        }
        if self.collected.products.len() >= MAX_PRODUCTS && !self.collected.products.contains_key(&raw.sku) {
            self.failed_at = Some(at);
            return Err(E::custom(format!(
                "more than {MAX_PRODUCTS} Lambda prices: this is not a Lambda offer file (AWS's whole Lambda offer has a few thousand products)"
            )));
        }
        self.lambda_skus.insert(raw.sku.clone());
        let product = Product {
            sku: raw.sku,
            region,
            location: a.location,
            usage_type: a.usagetype.unwrap_or_default(),
            dimension,
            architecture,
            file: self.file,
            at,
        };
        self.collected.products.insert(product.sku.clone(), product);
        Ok(true)
    }

    fn term(&mut self, raw: RawTerm, at: Location) {
        if self.products_seen && !self.lambda_skus.contains(&raw.sku) {
            return;
        }
        // The keys are rate codes; the bands are ordered by where they begin when the offer is built.
        let dimensions: Vec<PriceDimension> = raw.price_dimensions.into_values().collect();
        self.collected.terms.push(Term {
            sku: raw.sku,
            effective: raw.effective_date,
            dimensions,
            file: self.file,
            at,
        });
    }

    fn newest(slot: &mut Option<String>, value: String) {
        if slot.as_ref().is_none_or(|old| value > *old) {
            *slot = Some(value);
        }
    }
}

/// `us-east-1`, `ap-southeast-5`, `us-gov-west-1`: lower-case letters and digits in dash-separated parts, the first
/// letters. A code is written into the catalog as a key and into comments, so nothing else is let through.
fn is_region_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first_ok = parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()));
    first_ok
        && code.len() <= 32
        && code.contains('-')
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[derive(Deserialize)]
#[serde(expecting = "a product: {\"sku\": …, \"attributes\": {\"regionCode\", \"usagetype\", …}}")]
struct RawProduct {
    sku: String,
    #[serde(default)]
    attributes: RawAttributes,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "product attributes: an object of strings (\"regionCode\", \"usagetype\", …)")]
struct RawAttributes {
    servicecode: Option<String>,
    #[serde(rename = "regionCode")]
    region_code: Option<String>,
    location: Option<String>,
    usagetype: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a term: {\"sku\": …, \"effectiveDate\": …, \"priceDimensions\": {…}}")]
struct RawTerm {
    sku: String,
    #[serde(rename = "effectiveDate")]
    effective_date: String,
    #[serde(rename = "priceDimensions")]
    price_dimensions: BTreeMap<String, PriceDimension>,
}

/// One document of `aws pricing get-products`: a product with its terms.
#[derive(Deserialize)]
#[serde(expecting = "a product document: {\"product\": {…}, \"terms\": {\"OnDemand\": {…}}}")]
struct RawDocument {
    product: RawProduct,
    #[serde(rename = "serviceCode")]
    service_code: Option<String>,
    #[serde(default)]
    terms: RawDocumentTerms,
    version: Option<String>,
    #[serde(rename = "publicationDate")]
    publication_date: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawDocumentTerms {
    #[serde(rename = "OnDemand", default)]
    on_demand: BTreeMap<String, OneOrMany>,
}

/// The terms under `OnDemand`: keyed by `SKU.TERMCODE` in a get-products document, by SKU then `SKU.TERMCODE` in
/// a bulk file. Each term names its SKU, so the key is not needed.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(RawTerm),
    Many(BTreeMap<String, RawTerm>),
}

impl OneOrMany {
    fn into_terms(self) -> Vec<RawTerm> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(m) => m.into_values().collect(),
        }
    }
}

/// The top-level object of either format.
struct Top<'s, 'a> {
    sink: &'s mut Sink<'a>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("AWS Price List offer data: a bulk offer file ({\"offerCode\", \"products\", \"terms\", …}) or the output of `aws pricing get-products` ({\"PriceList\": […]})")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let sink = self.sink;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "offerCode" | "serviceCode" => {
                    let v: String = map.next_value()?;
                    sink.meta().offer_code.get_or_insert(v);
                }
                "version" => {
                    let v: String = map.next_value()?;
                    Sink::newest(&mut sink.meta().version, v);
                }
                "publicationDate" => {
                    let v: String = map.next_value()?;
                    Sink::newest(&mut sink.meta().published, v);
                }
                "products" => {
                    map.next_value_seed(Products { sink })?;
                    sink.products_seen = true;
                }
                "terms" => map.next_value_seed(Terms { sink })?,
                "PriceList" => map.next_value_seed(PriceList { sink })?,
                // A single get-products document saved as a file: its terms are kept whatever their order, as no
                // `products` table was read (terms without a Lambda product are dropped when the offer is built).
                "product" => {
                    let at = sink.here();
                    let product = map.next_value()?;
                    sink.product::<A::Error>(product, at)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `products`: SKU → product.
struct Products<'s, 'a> {
    sink: &'s mut Sink<'a>,
}

impl<'de> DeserializeSeed<'de> for Products<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Products<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`products`: an object of SKU → {\"sku\", \"productFamily\", \"attributes\"}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            let at = self.sink.here();
            let product: RawProduct = map.next_value().inspect_err(|_| self.sink.failed_at = Some(at.clone()))?;
            self.sink.product(product, at)?;
        }
        Ok(())
    }
}

/// `terms`: term type → (SKU → terms, or `SKU.TERMCODE` → term); only `OnDemand` is read.
struct Terms<'s, 'a> {
    sink: &'s mut Sink<'a>,
}

impl<'de> DeserializeSeed<'de> for Terms<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Terms<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`terms`: an object of term type (\"OnDemand\", \"Reserved\") → terms")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(kind) = map.next_key::<String>()? {
            if kind == "OnDemand" {
                map.next_value_seed(OnDemand { sink: &mut *self.sink })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct OnDemand<'s, 'a> {
    sink: &'s mut Sink<'a>,
}

impl<'de> DeserializeSeed<'de> for OnDemand<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OnDemand<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`OnDemand`: SKU → {\"SKU.TERMCODE\": {\"sku\", \"effectiveDate\", \"priceDimensions\"}}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            let at = self.sink.here();
            let terms: OneOrMany = map.next_value().map_err(|_: A::Error| {
                self.sink.failed_at = Some(at.clone());
                de::Error::custom(
                    "an on-demand term must be {\"sku\": …, \"effectiveDate\": …, \"priceDimensions\": {…}} (or an object of such terms)",
                )
            })?;
            for t in terms.into_terms() {
                self.sink.term(t, at.clone());
            }
        }
        Ok(())
    }
}

/// `PriceList` of get-products: documents, each a JSON string (as the API returns them) or an object.
struct PriceList<'s, 'a> {
    sink: &'s mut Sink<'a>,
}

impl<'de> DeserializeSeed<'de> for PriceList<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Document {
    Text(String),
    Object(Box<RawDocument>),
}

impl<'de> Visitor<'de> for PriceList<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`PriceList`: an array of product documents (JSON strings or objects)")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            let at = self.sink.here();
            let Some(doc) = seq.next_element::<Document>().map_err(|_: A::Error| {
                self.sink.failed_at = Some(at.clone());
                de::Error::custom(format!(
                    "PriceList[{index}] must be a product document: a JSON string or an object with \"product\" and \"terms\""
                ))
            })?
            else {
                return Ok(());
            };
            let doc = match doc {
                Document::Object(d) => *d,
                Document::Text(text) => serde_json::from_str::<RawDocument>(&text).map_err(|e| {
                    self.sink.failed_at = Some(at.clone());
                    de::Error::custom(format!(
                        "PriceList[{index}] is not a product document: {} (at line {} column {} of the string)",
                        json_error_message(&e),
                        e.line(),
                        e.column()
                    ))
                })?,
            };
            self.sink.document(doc, at)?;
            index += 1;
        }
    }
}

impl Sink<'_> {
    fn document<E: de::Error>(&mut self, doc: RawDocument, at: Location) -> Result<(), E> {
        if let Some(code) = doc.service_code.clone() {
            self.meta().offer_code.get_or_insert(code);
        }
        if let Some(v) = doc.version {
            Sink::newest(&mut self.meta().version, v);
        }
        if let Some(v) = doc.publication_date {
            Sink::newest(&mut self.meta().published, v);
        }
        let mut product = doc.product;
        if product.attributes.servicecode.is_none() {
            product.attributes.servicecode = doc.service_code;
        }
        if self.product(product, at.clone())? {
            for term in doc.terms.on_demand.into_values().flat_map(OneOrMany::into_terms) {
                self.term(term, at.clone());
            }
        }
        Ok(())
    }
}
