//! `costsim import` on Terraform: the shipped example, defaults, variables, references, count, plans, and every
//! refusal located. Expected settings are read off the .tf files by hand (comments say where).

mod common;

use std::path::Path;

use common::loads;

use costsim::iac::{
    self, terraform, Format, Front, Import, ImportError, ReadOptions, ScheduleSpec, SqsMapping, Trigger,
};
use costsim::Architecture;

const LIMIT: u64 = 1 << 20;

fn dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(d.path().join(name), text).unwrap();
    }
    d
}

fn read(files: &[(&str, &str)]) -> Result<Import, ImportError> {
    let d = dir(files);
    terraform::read_dir(d.path(), &ReadOptions::default(), LIMIT)
}

#[test]
fn the_shipped_terraform_imports_to_the_shops_seven_functions() {
    let i = terraform::read_dir(Path::new("scenarios/iac/terraform"), &ReadOptions::default(), LIMIT).unwrap();
    assert_eq!(i.format, Format::Terraform);
    // provider "aws" { region = var.region }, default "us-east-1".
    assert_eq!(i.region.as_deref(), Some("us-east-1"));
    let names: Vec<&str> = i.functions.iter().map(|f| f.name.as_str()).collect();
    // terraform.tfvars sets env = "prod", so local.suffix is "" and function_name = "api${local.suffix}" is "api".
    assert_eq!(
        names,
        ["api", "checkout", "thumbnails", "photo-metadata", "order-worker", "search-indexer", "nightly-report"]
    );
    let by = |n: &str| i.functions.iter().find(|f| f.name == n).unwrap();
    let settings = |n: &str| {
        let f = by(n);
        (f.memory_mb, f.timeout_s, f.architecture, f.runtime.as_deref(), f.ephemeral_mb, f.reserved, f.provisioned)
    };
    use Architecture::X86_64;
    assert_eq!(settings("api"), (1024, 6, X86_64, Some("nodejs22.x"), 512, None, 0));
    // reserved_concurrent_executions = var.checkout_reserved, default 150.
    assert_eq!(settings("checkout"), (2048, 10, X86_64, Some("java21"), 512, Some(150), 0));
    // memory_size = local.photo_memory = 3008; ephemeral_storage { size = 1024 }.
    assert_eq!(settings("thumbnails"), (3008, 60, X86_64, Some("python3.12"), 1024, None, 0));
    assert_eq!(settings("photo-metadata"), (1024, 10, X86_64, Some("nodejs22.x"), 512, None, 0));
    assert_eq!(settings("order-worker"), (1024, 30, X86_64, Some("provided.al2023"), 512, None, 0));
    assert_eq!(settings("search-indexer"), (512, 60, X86_64, Some("python3.12"), 512, None, 0));
    assert_eq!(settings("nightly-report"), (1769, 900, X86_64, Some("python3.12"), 512, None, 0));

    // Triggers, linked by reference: the REST integration's uri = aws_lambda_function.api.invoke_arn, …
    assert_eq!(by("api").trigger, Trigger::Sync { front: Front::RestApi });
    assert_eq!(by("checkout").trigger, Trigger::Sync { front: Front::HttpApi });
    assert_eq!(by("thumbnails").trigger, Trigger::Async { source: "S3".into() });
    assert_eq!(by("photo-metadata").trigger, Trigger::Async { source: "S3".into() });
    assert_eq!(
        by("order-worker").trigger,
        Trigger::Sqs(SqsMapping {
            batch_size: Some(10),
            maximum_batching_window_s: Some(1),
            maximum_concurrency: None,
            report_batch_item_failures: true,
            visibility_timeout_s: Some(180),
            fifo: false,
        })
    );
    // Linked through function_name = aws_lambda_function.search_indexer.function_name, the queue through its arn.
    assert_eq!(
        by("search-indexer").trigger,
        Trigger::Sqs(SqsMapping {
            batch_size: Some(25),
            maximum_batching_window_s: Some(5),
            visibility_timeout_s: Some(360),
            ..SqsMapping::default()
        })
    );
    assert_eq!(
        by("nightly-report").trigger,
        Trigger::Schedule(ScheduleSpec {
            expression: "cron(0 2 * * ? *)".into(),
            timezone: Some("Europe/Dublin".into()),
            flexible_window_minutes: None,
        })
    );
    assert_eq!(by("nightly-report").maximum_retry_attempts, Some(0));
    // Only the architecture is defaulted (no function sets `architectures` but checkout).
    assert_eq!(by("api").defaults, ["architectures = [\"x86_64\"] (Lambda's default)"]);
    assert!(by("checkout").defaults.is_empty());
    assert!(i.skipped.is_empty(), "{:?}", i.skipped);
    assert!(i.unresolved.is_empty(), "{:?}", i.unresolved);

    let app = loads(&i);
    assert_eq!(app.functions().len(), 7);
    assert_eq!(app.unreserved("us-east-1"), 850, "checkout's 150 reserved of the 1,000");
    let worker = app.functions().iter().find(|f| f.scenario().name() == "order-worker").unwrap();
    // provided.al2023 has no INIT measurements in costsim: the INIT percentiles are placeholders too.
    assert_eq!(
        worker.placeholders(),
        [
            "traffic.monthly_requests",
            "function.io_ms",
            "function.cpu_ms",
            "function.init_p50_ms",
            "function.init_p90_ms"
        ]
    );
}

#[test]
fn a_var_on_the_command_line_wins_over_tfvars_and_defaults() {
    let options = ReadOptions { vars: [("env".to_string(), "dev".to_string())].into(), ..ReadOptions::default() };
    let i = terraform::read_dir(Path::new("scenarios/iac/terraform"), &options, LIMIT).unwrap();
    // suffix = "-${var.env}" = "-dev" when env is not prod.
    assert_eq!(i.functions[0].name, "api-dev");
    assert_eq!(i.functions[1].reserved, Some(150));
}

#[test]
fn absent_keys_take_terraforms_defaults_and_say_so() {
    let i = read(&[(
        "main.tf",
        "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  runtime = \"python3.12\"\n}\n",
    )])
    .unwrap();
    let f = &i.functions[0];
    // The provider's schema: memory_size 128, timeout 3, architectures x86_64, ephemeral 512, no reservation.
    assert_eq!(
        (f.memory_mb, f.timeout_s, f.architecture, f.ephemeral_mb, f.reserved),
        (128, 3, Architecture::X86_64, 512, None)
    );
    assert_eq!(
        f.defaults,
        [
            "memory_size = 128 (Terraform's default)",
            "timeout = 3 (Terraform's default)",
            "architectures = [\"x86_64\"] (Lambda's default)"
        ]
    );
    assert_eq!(f.trigger, Trigger::Unknown);
    loads(&i);
}

#[test]
fn what_only_apply_knows_is_unresolved_and_located_and_remote_modules_are_skipped() {
    let tf = "data \"aws_ssm_parameter\" \"mem\" {\n  name = \"/shop/mem\"\n}\n\
module \"lambda\" {\n  source = \"terraform-aws-modules/lambda/aws\"\n}\n\
resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  runtime = \"go\"\n  memory_size = data.aws_ssm_parameter.mem.value\n  timeout = module.sizes.timeout\n}\n\
resource \"aws_appautoscaling_target\" \"pc\" {\n  service_namespace = \"lambda\"\n}\n";
    let i = read(&[("main.tf", tf)]).unwrap();
    let f = &i.functions[0];
    assert_eq!((f.memory_mb, f.timeout_s), (128, 3), "the defaults are used, and said to be");
    let u: Vec<(&str, usize, usize)> =
        i.unresolved.iter().map(|u| (u.address.as_str(), u.location.line, u.location.column)).collect();
    // memory_size is on line 10, its value after `  memory_size = ` (16 characters) at column 17; timeout on 11.
    assert_eq!(u, [("aws_lambda_function.f.memory_size", 10, 17), ("aws_lambda_function.f.timeout", 11, 13)]);
    assert!(i.unresolved[0].why.contains("a data source"), "{}", i.unresolved[0].why);
    assert!(i.unresolved[1].why.contains("a module output"), "{}", i.unresolved[1].why);
    let s: Vec<(&str, usize)> = i.skipped.iter().map(|s| (s.address.as_str(), s.location.line)).collect();
    assert_eq!(s, [("module.lambda", 4), ("aws_appautoscaling_target.pc", 13)]);
    assert!(i.skipped[0].reason.contains("terraform show -json"));
}

#[test]
fn a_local_module_is_read_with_its_inputs() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    std::fs::create_dir_all(root.join("modules/worker")).unwrap();
    std::fs::write(
        root.join("main.tf"),
        "variable \"env\" {\n  default = \"prod\"\n}\n\
module \"worker\" {\n  source = \"./modules/worker\"\n  name = \"jobs-${var.env}\"\n  memory = 512\n}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("modules/worker/main.tf"),
        "variable \"name\" {}\nvariable \"memory\" {\n  default = 128\n}\nvariable \"timeout\" {\n  default = 20\n}\n\
resource \"aws_lambda_function\" \"this\" {\n  function_name = var.name\n  runtime = \"python3.12\"\n  memory_size = var.memory\n  timeout = var.timeout\n}\n\
resource \"aws_sqs_queue\" \"q\" {\n  visibility_timeout_seconds = 120\n}\n\
resource \"aws_lambda_event_source_mapping\" \"m\" {\n  event_source_arn = aws_sqs_queue.q.arn\n  function_name = aws_lambda_function.this.arn\n}\n",
    )
    .unwrap();
    let i = terraform::read_dir(root, &ReadOptions::default(), LIMIT).unwrap();
    assert_eq!(i.functions.len(), 1);
    let f = &i.functions[0];
    // name = "jobs-${var.env}" with env's default "prod"; memory from the call (512), timeout from the module's
    // own default (20); the mapping and queue inside the module link by their module-local references.
    assert_eq!((f.name.as_str(), f.address.as_str()), ("jobs-prod", "module.worker.aws_lambda_function.this"));
    assert_eq!((f.memory_mb, f.timeout_s), (512, 20));
    assert_eq!(f.trigger, Trigger::Sqs(SqsMapping { visibility_timeout_s: Some(120), ..SqsMapping::default() }));
    assert!(i.skipped.is_empty() && i.unresolved.is_empty(), "{:?} {:?}", i.skipped, i.unresolved);
}

#[test]
fn provisioned_concurrency_through_an_alias_and_count_instances_are_linked() {
    let tf = r#"
resource "aws_lambda_function" "w" {
  count         = 2
  function_name = "w${count.index}"
  runtime       = "python3.12"
  memory_size   = 256 * (count.index + 1)
  architectures = ["arm64"]
  publish       = true
}
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.w[1].function_name
  function_version = "1"
}
resource "aws_lambda_provisioned_concurrency_config" "pc" {
  function_name                     = aws_lambda_alias.live.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 4
}
resource "aws_sqs_queue" "q" {
  count = 2
  name  = "q${count.index}.fifo"
  fifo_queue = true
}
resource "aws_lambda_event_source_mapping" "m" {
  count            = 2
  event_source_arn = aws_sqs_queue.q[count.index].arn
  function_name    = aws_lambda_function.w[count.index].arn
  batch_size       = 5
}
"#;
    let i = read(&[("main.tf", tf)]).unwrap();
    let names: Vec<&str> = i.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["w0", "w1"]);
    // 256 × (0 + 1) and 256 × (1 + 1).
    assert_eq!((i.functions[0].memory_mb, i.functions[1].memory_mb), (256, 512));
    assert_eq!(i.functions[0].architecture, Architecture::Arm64);
    // The PC config names the alias, whose function_name is w[1]'s.
    assert_eq!((i.functions[0].provisioned, i.functions[1].provisioned), (0, 4));
    for f in &i.functions {
        // Each mapping reads its own queue: FIFO, SQS's default visibility timeout of 30 s.
        assert_eq!(
            f.trigger,
            Trigger::Sqs(SqsMapping {
                batch_size: Some(5),
                visibility_timeout_s: Some(30),
                fifo: true,
                ..SqsMapping::default()
            })
        );
    }
}

#[test]
fn values_lambda_refuses_are_errors_at_their_place() {
    let case = |attr: &str| {
        let tf = format!("resource \"aws_lambda_function\" \"f\" {{\n  function_name = \"f\"\n  {attr}\n}}\n");
        match read(&[("main.tf", &tf)]) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{attr} accepted"),
        }
    };
    let e = case("memory_size = 64");
    assert!(
        e.ends_with("main.tf:3:17: aws_lambda_function.f: memory_size is 64: allowed are whole numbers 128 – 10240 MB"),
        "{e}"
    );
    let e = case("timeout = 901");
    assert!(
        e.contains("main.tf:3:13: aws_lambda_function.f: timeout is 901: allowed are whole numbers 1 – 900 s"),
        "{e}"
    );
    let e = case("architectures = [\"arm64\", \"x86_64\"]");
    assert!(e.contains(":3:19: aws_lambda_function.f: architectures has 2 items: Lambda allows one"), "{e}");
    let e = case("architectures = [\"sparc\"]");
    assert!(e.contains("allowed are [\"x86_64\"] and [\"arm64\"]"), "{e}");
    let e = case("package_type = \"Jar\"");
    assert!(e.contains("package_type is 'Jar': allowed are Zip, Image"), "{e}");
}

#[test]
fn hcl_that_does_not_parse_is_located() {
    let e = read(&[("main.tf", "resource \"aws_lambda_function\" \"f\" {\n  memory_size = = 3\n}\n")]).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("main.tf:2:"), "{text}");
    assert!(text.contains("not valid HCL"), "{text}");
    let e = read(&[("notes.txt", "")]).unwrap_err();
    assert!(e.to_string().contains("no .tf files"), "{e}");
}

/// `terraform show -json` of a plan, trimmed to what the reader reads (the shape of Terraform's JSON output
/// format 1.x): one function in the root module with a nested ephemeral_storage block, one in a module, an SQS
/// mapping whose function_name is known only after apply, linked by the configuration's references.
const PLAN: &str = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {"address": "aws_lambda_function.api", "mode": "managed", "type": "aws_lambda_function", "name": "api",
         "values": {"function_name": "api-prod", "memory_size": 1024, "timeout": 10, "architectures": ["arm64"],
                    "runtime": "python3.12", "ephemeral_storage": [{"size": 2048}],
                    "reserved_concurrent_executions": -1, "package_type": "Zip"}},
        {"address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs",
         "values": {"visibility_timeout_seconds": 60, "fifo_queue": false}},
        {"address": "aws_lambda_event_source_mapping.jobs", "mode": "managed", "type": "aws_lambda_event_source_mapping",
         "name": "jobs", "values": {"batch_size": 100, "maximum_batching_window_in_seconds": 5,
                                    "scaling_config": [{"maximum_concurrency": 20}]}},
        {"address": "data.aws_caller_identity.me", "mode": "data", "type": "aws_caller_identity", "name": "me", "values": {}}
      ],
      "child_modules": [
        {"address": "module.worker", "resources": [
          {"address": "module.worker.aws_lambda_function.this[0]", "mode": "managed", "type": "aws_lambda_function",
           "name": "this", "index": 0, "values": {"function_name": "worker", "memory_size": 128, "timeout": 3,
                                                    "architectures": ["x86_64"], "runtime": "go"}}
        ]}
      ]
    }
  },
  "configuration": {
    "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}},
    "root_module": {
      "resources": [
        {"address": "aws_lambda_event_source_mapping.jobs",
         "expressions": {"event_source_arn": {"references": ["aws_sqs_queue.jobs.arn", "aws_sqs_queue.jobs"]},
                         "function_name": {"references": ["module.worker.function_arn", "module.worker"]}}}
      ],
      "module_calls": {"worker": {"module": {"resources": []}}}
    }
  }
}"#;

#[test]
fn a_plans_json_has_every_value_resolved() {
    let i = terraform::read_plan(Path::new("plan.json"), PLAN).unwrap();
    assert_eq!(i.format, Format::TerraformPlan);
    assert_eq!(i.region.as_deref(), Some("eu-west-1"));
    let names: Vec<&str> = i.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["api-prod", "worker"]);
    let api = &i.functions[0];
    assert_eq!(
        (api.memory_mb, api.timeout_s, api.architecture, api.ephemeral_mb, api.reserved),
        (1024, 10, Architecture::Arm64, 2048, None)
    );
    assert!(api.defaults.is_empty(), "a plan has the provider's defaults filled in: {:?}", api.defaults);
    assert_eq!(i.functions[1].address, "module.worker.aws_lambda_function.this[0]");
    // The mapping names a module output (module.worker.function_arn): not one of the functions read here, so it is
    // listed as skipped with its address and location (line 12 of PLAN), not silently dropped.
    assert_eq!(i.skipped.len(), 1, "{:?}", i.skipped);
    assert_eq!(
        (i.skipped[0].address.as_str(), i.skipped[0].location.line),
        ("aws_lambda_event_source_mapping.jobs", 12)
    );
    loads(&i);
}

#[test]
fn a_plan_that_is_not_one_is_refused_at_its_place() {
    let e = terraform::read_plan(Path::new("p.json"), "{\"format_version\": \"0.1\"}").unwrap_err().to_string();
    assert!(e.starts_with("p.json:1:20: not the output of `terraform show -json`"), "{e}");
    let e = terraform::read_plan(Path::new("p.json"), "{\n  \"format_version\": \"1.0\",,\n}").unwrap_err().to_string();
    assert!(e.starts_with("p.json:2:"), "{e}");
}

#[test]
fn a_mapping_or_schedule_aws_would_refuse_is_an_error_at_its_place() {
    // The queue keeps SQS's default visibility timeout, 30 s, below the worker's 60 s timeout: AWS refuses the mapping.
    let tf = "resource \"aws_lambda_function\" \"w\" {\n  function_name = \"w\"\n  timeout = 60\n}\n\
resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n\
resource \"aws_lambda_event_source_mapping\" \"m\" {\n  event_source_arn = aws_sqs_queue.q.arn\n  function_name = aws_lambda_function.w.arn\n}\n";
    let e = read(&[("main.tf", tf)]).unwrap_err().to_string();
    assert!(
        e.ends_with("main.tf:5:1: aws_sqs_queue.q: visibility_timeout_seconds 30 s (SQS's default) is below the timeout of w (60 s): AWS refuses an event source mapping on it (AWS recommends 6 × the timeout, 360 s)"),
        "{e}"
    );
    // A batch of 100 without a batching window, written on line 9 (`  batch_size = 100`): AWS requires a window
    // of at least 1 s for batches over 10, and `costsim run` would refuse the written file.
    let tf = "resource \"aws_lambda_function\" \"w\" {\n  function_name = \"w\"\n}\n\
resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n\
resource \"aws_lambda_event_source_mapping\" \"m\" {\n  event_source_arn = aws_sqs_queue.q.arn\n  batch_size = 100\n  function_name = aws_lambda_function.w.arn\n}\n";
    let e = read(&[("main.tf", tf)]).unwrap_err().to_string();
    assert!(
        e.contains("main.tf:9:") && e.ends_with("aws_lambda_event_source_mapping.m: batch_size 100 needs maximum_batching_window_in_seconds of at least 1 s (AWS requires a window for batches over 10)"),
        "{e}"
    );
    // A FIFO queue (fifo_queue = true on the queue) takes batches of at most 10 and no batching window: refused at
    // the value of the mapping's batch_size (line 10, after 15 characters), not left to `costsim run` to refuse the written file.
    let fifo = |mapping: &str| {
        format!("resource \"aws_lambda_function\" \"w\" {{\n  function_name = \"w\"\n}}\n\
resource \"aws_sqs_queue\" \"q\" {{\n  name = \"q.fifo\"\n  fifo_queue = true\n}}\n\
resource \"aws_lambda_event_source_mapping\" \"m\" {{\n  event_source_arn = aws_sqs_queue.q.arn\n{mapping}  function_name = aws_lambda_function.w.arn\n}}\n")
    };
    let e = read(&[("main.tf", &fifo("  batch_size = 20\n  maximum_batching_window_in_seconds = 0\n"))])
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("main.tf:10:16: aws_lambda_event_source_mapping.m: batch_size 20: a FIFO queue's mapping takes batches of at most 10 messages"),
        "{e}"
    );
    let e = read(&[("main.tf", &fifo("  batch_size = 5\n  maximum_batching_window_in_seconds = 2\n"))])
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("aws_lambda_event_source_mapping.m: maximum_batching_window_in_seconds 2 s: a FIFO queue's mapping takes no batching window (AWS refuses it); remove it"),
        "{e}"
    );
    // minute 61 does not exist; the expression is written on line 8, after `  schedule_expression = ` (24 characters).
    let tf = "resource \"aws_lambda_function\" \"r\" {\n  function_name = \"r\"\n}\n\
resource \"aws_scheduler_schedule\" \"s\" {\n  flexible_time_window {\n    mode = \"OFF\"\n  }\n  schedule_expression = \"cron(61 2 * * ? *)\"\n  target {\n    arn = aws_lambda_function.r.arn\n  }\n}\n";
    let e = read(&[("main.tf", tf)]).unwrap_err().to_string();
    assert!(
        e.contains("main.tf:8:25: aws_scheduler_schedule.s: schedule 'cron(61 2 * * ? *)': minutes field `61`"),
        "{e}"
    );
}

#[test]
fn snap_start_is_read_and_said_to_be_not_simulated() {
    let tf = "resource \"aws_lambda_function\" \"j\" {\n  function_name = \"j\"\n  runtime = \"java21\"\n  snap_start {\n    apply_on = \"PublishedVersions\"\n  }\n}\n";
    let i = read(&[("main.tf", tf)]).unwrap();
    assert!(i.functions[0].snap_start);
    let header = iac::write::AppHeader {
        name: "t".into(),
        region: "us-east-1".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        command: "costsim import".into(),
    };
    let (text, _) = iac::write::application(&i, &header);
    assert!(text.contains("# SnapStart is on: costsim simulates its cold starts as full INIT"), "{text}");
    loads(&i);
}

#[test]
fn provisioned_concurrency_is_bounded_by_reserved_and_sizes_the_accounts_quota() {
    // 1,500 provisioned on an alias of a function without reserved concurrency: valid in an account whose quota
    // was raised; the written file's quota must hold it in the unreserved pool: 1,500 (+ nothing reserved),
    // not AWS's default 1,000.
    let pc = |reserved: &str| {
        format!(
            "resource \"aws_lambda_function\" \"f\" {{\n  function_name = \"f\"\n{reserved}}}\n\
resource \"aws_lambda_alias\" \"live\" {{\n  name = \"live\"\n  function_name = aws_lambda_function.f.function_name\n  function_version = \"1\"\n}}\n\
resource \"aws_lambda_provisioned_concurrency_config\" \"pc\" {{\n  function_name = aws_lambda_function.f.function_name\n  qualifier = aws_lambda_alias.live.name\n  provisioned_concurrent_executions = 1500\n}}\n"
        )
    };
    let import = read(&[("main.tf", &pc(""))]).unwrap();
    assert_eq!(import.functions[0].provisioned, 1500);
    assert_eq!(loads(&import).concurrency_limit(), 1500);
    // With 1,000 reserved, Lambda refuses 1,500 provisioned: located at the function (line 1).
    let import = read(&[("main.tf", &pc("  reserved_concurrent_executions = 1000\n"))]).unwrap();
    let e = costsim::iac::check_provisioned(&import.functions).unwrap_err().to_string();
    assert!(
        e.ends_with("main.tf:1:1: aws_lambda_function.f: provisioned concurrency 1500 is above its reserved concurrency (1000): Lambda refuses it"),
        "{e}"
    );
}
