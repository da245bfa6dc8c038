//! `AWS::Lambda::Function` and `AWS::Serverless::Function`: the settings a function runs with, Lambda's ranges
//! (CloudFormation resource reference, `AWS::Lambda::Function`: MemorySize 128 – 10,240 MB, Timeout 1 – 900 s,
//! EphemeralStorage.Size 512 – 10,240 MB, one architecture) and, for SAM, `AutoPublishAlias` with
//! `ProvisionedConcurrencyConfig`, `EventInvokeConfig` and `FunctionUrlConfig` (SAM specification,
//! `AWS::Serverless::Function`).

use super::reader::{shown, Reader};
use super::{Res, SAM_FUNCTION};
use crate::diagnostic::excerpt;
use crate::iac::{function_name, Format, Front, ImportError, ImportedFunction, Package, Trigger};
use crate::Architecture;

/// Lambda's memory range [MB].
const MEMORY_MB: (i64, i64) = (128, 10_240);
/// Lambda's timeout range [s].
const TIMEOUT_S: (i64, i64) = (1, 900);
/// Ephemeral storage range [MB].
const EPHEMERAL_MB: (i64, i64) = (512, 10_240);
/// Retries of an asynchronous invocation (`MaximumRetryAttempts`).
pub(super) const RETRIES: (i64, i64) = (0, 2);
/// Oldest age of an asynchronous event [s] (`MaximumEventAgeInSeconds`).
pub(super) const EVENT_AGE_S: (i64, i64) = (60, 21_600);
/// Reserved or provisioned concurrency [environments]: the account's quota is the real bound.
pub(super) const CONCURRENCY: (i64, i64) = (0, 1_000_000);

/// The properties of a function costsim reads.
const KEYS: [&str; 14] = [
    "FunctionName",
    "MemorySize",
    "Timeout",
    "Architectures",
    "Runtime",
    "PackageType",
    "EphemeralStorage",
    "ReservedConcurrentExecutions",
    "SnapStart",
    "AutoPublishAlias",
    "ProvisionedConcurrencyConfig",
    "EventInvokeConfig",
    "FunctionUrlConfig",
    "Events",
];

impl Reader<'_, '_> {
    pub(super) fn function(&mut self, r: &Res) -> Result<(), ImportError> {
        let sam = r.kind == SAM_FUNCTION;
        let s = self.scope(r, &KEYS)?;
        let (mem_default, timeout_default) = Format::Cloudformation.defaults();
        let mut defaults = Vec::new();
        let deployed = self.string(&s, "FunctionName", "the logical ID")?;
        let memory =
            self.int(&s, "MemorySize", MEMORY_MB, "MB", &format!("{mem_default} (CloudFormation's default)"))?;
        let memory_mb = memory.map_or_else(
            || {
                defaults.push(format!("MemorySize = {mem_default} (CloudFormation's default)"));
                mem_default
            },
            |v| v as u32,
        );
        let timeout =
            self.int(&s, "Timeout", TIMEOUT_S, "s", &format!("{timeout_default} (CloudFormation's default)"))?;
        let timeout_s = timeout.map_or_else(
            || {
                defaults.push(format!("Timeout = {timeout_default} (CloudFormation's default)"));
                timeout_default
            },
            |v| v as u32,
        );
        let architecture = self.architecture(&s, sam)?;
        if s.node.get("Architectures").is_none() {
            defaults.push("Architectures = [x86_64] (Lambda's default)".into());
        }
        let package = match self.string(&s, "PackageType", "Zip")?.as_deref() {
            None | Some("Zip") => Package::Zip,
            Some("Image") => Package::Image,
            Some(other) => {
                let at = s.node.get("PackageType").map_or(s.location.clone(), |n| n.location(self.path));
                return Err(ImportError::invalid(
                    at,
                    format!("{}: PackageType is '{}': allowed are Zip, Image", r.address, excerpt(other)),
                ));
            }
        };
        let ephemeral_mb = self
            .int(&s, "EphemeralStorage.Size", EPHEMERAL_MB, "MB", "512 (Lambda's default)")?
            .map_or(512, |v| v as u32);
        let reserved = self
            .int(&s, "ReservedConcurrentExecutions", CONCURRENCY, "", "none (the unreserved pool)")?
            .map(|v| v as u32);
        let snap_start = self.string(&s, "SnapStart.ApplyOn", "None")?.as_deref() == Some("PublishedVersions");
        let runtime = self.string(&s, "Runtime", "nothing")?;
        // Lambda's runtime identifiers (python3.12, nodejs22.x, provided.al2023) are one word; anything else is
        // not one Lambda runs, and would not be one line in the application file's comments either.
        if let Some(bad) =
            runtime.as_deref().filter(|r| !r.chars().all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)))
        {
            let at = s.node.get("Runtime").map_or(s.location.clone(), |n| n.location(self.path));
            return Err(ImportError::invalid(
                at,
                format!(
                    "{}: Runtime is '{}': a Lambda runtime identifier such as python3.12 is expected",
                    r.address,
                    excerpt(bad)
                ),
            ));
        }
        let mut provisioned = 0;
        let (mut retries, mut age) = (None, None);
        let mut own = Vec::new();
        if sam {
            let alias = self.string(&s, "AutoPublishAlias", "no alias")?;
            let pc =
                self.int(&s, "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", CONCURRENCY, "", "0")?;
            if let (Some(n), None) = (pc, &alias) {
                let at =
                    s.node.get("ProvisionedConcurrencyConfig").map_or(s.location.clone(), |n| n.location(self.path));
                return Err(ImportError::invalid(
                    at,
                    format!("{}: ProvisionedConcurrencyConfig ({n}) needs AutoPublishAlias: SAM provisions the alias it publishes", r.address),
                ));
            }
            provisioned = pc.unwrap_or(0) as u32;
            if let Some(a) = &alias {
                self.by_id.insert(format!("{}Alias{a}", r.id), self.import.functions.len());
            }
            retries = self.int(&s, "EventInvokeConfig.MaximumRetryAttempts", RETRIES, "", "2 (Lambda's default)")?;
            age = self.int(
                &s,
                "EventInvokeConfig.MaximumEventAgeInSeconds",
                EVENT_AGE_S,
                "s",
                "21600 (Lambda's default)",
            )?;
            if s.node.get("FunctionUrlConfig").is_some() {
                own.push(Trigger::Sync { front: Front::FunctionUrl });
            }
        }
        let index = self.import.functions.len();
        self.by_id.insert(r.id.to_string(), index);
        if let Some(d) = &deployed {
            self.by_name.insert(d.clone(), index);
        }
        self.import.functions.push(ImportedFunction {
            name: function_name(deployed.as_deref().unwrap_or(r.id)),
            address: r.address.clone(),
            location: r.location.clone(),
            memory_mb,
            timeout_s,
            architecture,
            runtime,
            package,
            ephemeral_mb,
            reserved,
            provisioned,
            snap_start,
            maximum_retry_attempts: retries.map(|v| v as u32),
            maximum_event_age_s: age.map(|v| v as u32),
            trigger: Trigger::Unknown,
            other_triggers: Vec::new(),
            defaults,
        });
        self.triggers.push(Vec::new());
        if sam {
            self.events(index, r, &s)?;
        }
        self.triggers[index].extend(own);
        Ok(())
    }

    fn architecture(&mut self, s: &super::reader::Scope, sam: bool) -> Result<Architecture, ImportError> {
        let Some(n) = self.get(s, "Architectures", "x86_64") else { return Ok(Architecture::X86_64) };
        let items = n.as_seq().unwrap_or(std::slice::from_ref(n));
        match items {
            [] => Ok(Architecture::X86_64),
            [one] if super::intrinsics::is_unknown(one) => {
                self.unresolved(s, "Architectures", one, "x86_64");
                Ok(Architecture::X86_64)
            }
            [one] => match one.as_str() {
                Some("x86_64") => Ok(Architecture::X86_64),
                Some("arm64") => Ok(Architecture::Arm64),
                _ => Err(ImportError::invalid(
                    one.location(self.path),
                    format!("{}: Architectures is [{}]: allowed are [x86_64] and [arm64]", s.address, shown(one)),
                )),
            },
            _ => {
                let globals = self.globals.and_then(|g| g.get("Architectures")).filter(|_| sam);
                let why = if globals.is_some() { " (SAM adds the function's list to Globals.Function's)" } else { "" };
                Err(ImportError::invalid(
                    n.location(self.path),
                    format!(
                        "{}: Architectures has {} items{why}: Lambda allows one (x86_64 or arm64)",
                        s.address,
                        items.len()
                    ),
                ))
            }
        }
    }
}
