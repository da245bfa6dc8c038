//! Terraform resources as both readers see them: the `.tf` reader evaluates what it can, the plan reader has every
//! value resolved; both hand [`super::lambda`] the same [`Resource`]s.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::Location;

/// One attribute of a resource or block.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// Its value, or why a static reader cannot know it (`data.aws_ssm_parameter.mem.value (a data source)`).
    pub value: Result<Value, String>,
    /// The resources its expression refers to (`aws_lambda_function.api`, with an instance key when it has one:
    /// `aws_lambda_function.w[0]`), for linking a mapping to its function without knowing ARNs.
    pub refs: Vec<String>,
    /// Where the value is written.
    pub location: Location,
}

/// The attributes and nested blocks of a resource or block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// Attributes by name.
    pub attrs: BTreeMap<String, Attr>,
    /// Nested blocks by type, in order.
    pub blocks: BTreeMap<String, Vec<Node>>,
}

impl Node {
    /// The first nested block of `kind`.
    pub fn block(&self, kind: &str) -> Option<&Node> {
        self.blocks.get(kind).and_then(|b| b.first())
    }
}

/// One resource instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// `aws_lambda_function.api`, `aws_lambda_function.w[0]`, `module.m.aws_sqs_queue.q`.
    pub address: String,
    /// The resource type: `aws_lambda_function`.
    pub kind: String,
    /// Where the block starts.
    pub location: Location,
    /// Its body.
    pub node: Node,
}
