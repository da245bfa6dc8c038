//! A schedule trigger's arrivals: the expression's firings from the scenario's date.

use toml::Spanned;

use super::{Builder, Meta, Result};
use crate::scenario::raw::RawTrigger;
use crate::workload::Traffic;

impl Builder<'_> {
    /// The firings of `[trigger] expression` as traffic, and their long-run rate [events/s].
    pub(super) fn schedule(&self, t: &Spanned<RawTrigger>, _meta: &Meta) -> Result<(Traffic, f64)> {
        Err(self.err(t.span(), "schedule triggers are not wired yet"))
    }
}
