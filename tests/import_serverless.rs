//! `costsim import` on a Serverless Framework `serverless.yml`: the shipped example against the Terraform one,
//! provider and framework defaults, variables (stage, params, options, fallbacks, files, environment), what only
//! a deploy knows, skipped events, and every refusal at its `file:line:col` (worked out by hand in comments).

mod common;

use std::path::Path;

use common::{loads, settings, terraform_example};

use assert_cmd::Command;
use costsim::iac::{
    serverless, Format, Front, Import, ImportError, Package, ReadOptions, ScheduleSpec, SqsMapping, Trigger,
};
use costsim::Architecture;

/// Reads `text` as `serverless.yml` (errors then start `serverless.yml:line:col:`).
fn read_with(text: &str, options: &ReadOptions) -> Result<Import, ImportError> {
    serverless::read(Path::new("serverless.yml"), text, options)
}

fn read(text: &str) -> Import {
    read_with(text, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn refusal(text: &str) -> String {
    read_with(text, &ReadOptions::default()).map(|_| ()).unwrap_err().to_string()
}

/// Asserts that `text` is refused with a message that starts with `expected` (its `file:line:col` first).
fn refused(text: &str, expected: &str) {
    let e = refusal(text);
    assert!(e.starts_with(expected), "expected: {expected}\n     got: {e}");
}

fn options(vars: &[(&str, &str)], stage: Option<&str>) -> ReadOptions {
    ReadOptions {
        vars: vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        stage: stage.map(str::to_string),
        ..ReadOptions::default()
    }
}

#[test]
fn the_shipped_serverless_yml_imports_to_the_terraform_examples_functions() {
    let path = Path::new("scenarios/iac/serverless/serverless.yml");
    let i = serverless::read(path, &std::fs::read_to_string(path).unwrap(), &ReadOptions::default()).unwrap();
    let tf = terraform_example();
    assert_eq!(i.format, Format::Serverless);
    assert_eq!(i.files, [path]);
    assert_eq!(i.region.as_deref(), Some("us-east-1"));
    assert_eq!(i.functions.len(), 7);
    for (s, t) in i.functions.iter().zip(&tf.functions) {
        // Every field (name, memory, timeout, architecture, runtime, package, ephemeral, reserved, provisioned,
        // SnapStart, retries, event age, triggers with their settings) but where the function is written and
        // which defaults each format filled in.
        assert_eq!(settings(s), settings(t), "{}", t.name);
        assert_eq!(s.address, format!("functions.{}", s.name));
        // provider: sets runtime, architecture, memorySize and timeout: nothing is the framework's default.
        assert!(s.defaults.is_empty(), "{}: {:?}", s.name, s.defaults);
    }
    // Two settings the comparison rests on, read off the file by hand: params.prod.checkoutReserved (the stage
    // is ${opt:stage, 'prod'}) and custom.photoMemory; the queues and the schedule are compared above.
    let by = |n: &str| i.functions.iter().find(|f| f.name == n).unwrap();
    assert_eq!(by("checkout").reserved, Some(150));
    assert_eq!(by("thumbnails").memory_mb, 3008);
    assert!(i.skipped.is_empty(), "{:?}", i.skipped);
    assert!(i.unresolved.is_empty(), "{:?}", i.unresolved);
    assert_eq!(loads(&i).functions().len(), 7);

    // --stage dev: params.default.checkoutReserved = 10.
    let dev = serverless::read(path, &std::fs::read_to_string(path).unwrap(), &options(&[], Some("dev"))).unwrap();
    assert_eq!(dev.functions[1].reserved, Some(10));
}

#[test]
fn provider_values_are_defaults_and_a_functions_own_win() {
    let i = read(
        "service: s\nprovider:\n  name: aws\n  memorySize: 512\n  timeout: 10\n  runtime: python3.12\n\
         functions:\n  api:\n    handler: h\n    timeout: 30\n  big:\n    handler: h\n    memorySize: 2048\n    architecture: arm64\n",
    );
    let f = &i.functions[0];
    assert_eq!((f.memory_mb, f.timeout_s, f.runtime.as_deref()), (512, 30, Some("python3.12")));
    assert_eq!(f.defaults, ["architecture = x86_64 (the Serverless Framework's and Lambda's default)"]);
    let g = &i.functions[1];
    assert_eq!((g.memory_mb, g.timeout_s, g.architecture), (2048, 10, Architecture::Arm64));
    assert!(g.defaults.is_empty());
    assert_eq!(i.region, None);
}

#[test]
fn absent_keys_take_the_frameworks_defaults_and_say_so() {
    let i = read("service: s\nfunctions:\n  f:\n    handler: h\n");
    let f = &i.functions[0];
    // The framework's 1,024 MB and 6 s (not Lambda's 128 MB and 3 s), x86_64, 512 MB of /tmp, no reservation.
    assert_eq!(
        (f.memory_mb, f.timeout_s, f.architecture, f.ephemeral_mb, f.reserved, f.provisioned),
        (1024, 6, Architecture::X86_64, 512, None, 0)
    );
    assert_eq!(
        f.defaults,
        [
            "memorySize = 1024 (the Serverless Framework's default)",
            "timeout = 6 (the Serverless Framework's default)",
            "architecture = x86_64 (the Serverless Framework's and Lambda's default)"
        ]
    );
    assert_eq!((f.trigger.clone(), f.runtime.clone()), (Trigger::Unknown, None));
    assert_eq!(f.location.line, 3, "a function is located at its key");
    loads(&i);
}

#[test]
fn the_stage_chooses_params_and_var_wins() {
    let text = "service: s\nparams:\n  prod:\n    mem: 2048\n  default:\n    mem: 256\n\
                functions:\n  api:\n    handler: h\n    memorySize: ${param:mem}\n";
    let memory = |o: &ReadOptions| read_with(text, o).unwrap().functions[0].memory_mb;
    // No --stage and no provider.stage: the stage is `dev`, which has no params block: params.default.
    assert_eq!(memory(&ReadOptions::default()), 256);
    assert_eq!(memory(&options(&[], Some("prod"))), 2048);
    assert_eq!(memory(&options(&[("mem", "1024")], Some("prod"))), 1024, "--var mem=1024 wins");
    // provider.stage names the stage when --stage does not.
    let staged = text.replace("service: s\n", "service: s\nprovider:\n  name: aws\n  stage: prod\n");
    assert_eq!(memory_of(&staged), 2048);
}

fn memory_of(text: &str) -> u32 {
    read(text).functions[0].memory_mb
}

#[test]
fn options_fallbacks_and_nested_variables() {
    let text = "service: s\nfunctions:\n  api:\n    handler: h\n    memorySize: ${opt:x, 256}\n";
    assert_eq!(memory_of(text), 256, "no --var x: the fallback");
    assert_eq!(read_with(text, &options(&[("x", "512")], None)).unwrap().functions[0].memory_mb, 512);
    // ${self:custom.${sls:stage}.memory}: the stage picks the key; a whole-value variable keeps its type.
    let nested = "service: s\nprovider:\n  name: aws\n  stage: ${opt:stage, 'qa'}\ncustom:\n  qa:\n    memory: 640\n\
                  functions:\n  api:\n    handler: h\n    memorySize: ${self:custom.${sls:stage}.memory}\n";
    assert_eq!(memory_of(nested), 640);
    // --env MEM=896, never the shell's environment.
    let env = "service: s\nfunctions:\n  api:\n    handler: h\n    memorySize: ${env:MEM, 128}\n";
    assert_eq!(memory_of(env), 128);
    let given = ReadOptions { env: [("MEM".to_string(), "896".to_string())].into(), ..ReadOptions::default() };
    assert_eq!(read_with(env, &given).unwrap().functions[0].memory_mb, 896);
}

#[test]
fn a_file_variable_reads_the_file_beside_the_serverless_yml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sizes.yml"), "api:\n  memory: 768\n  timeout: 20\n").unwrap();
    let text = "service: s\nfunctions:\n  api:\n    handler: h\n    memorySize: ${file(./sizes.yml):api.memory}\n\
                \x20   timeout: ${file(./sizes.yml):api.timeout}\n";
    let path = dir.path().join("serverless.yml");
    let i = serverless::read(&path, text, &ReadOptions::default()).unwrap();
    assert_eq!((i.functions[0].memory_mb, i.functions[0].timeout_s), (768, 20));
    assert_eq!(i.files, [path.clone(), dir.path().join("./sizes.yml")], "each file once, in order");
    let missing = text.replace("sizes.yml):api.memory", "nope.yml):api.memory");
    let e = serverless::read(&path, &missing, &ReadOptions::default()).unwrap_err().to_string();
    // memorySize is on line 5, its value after `    memorySize: ` (16 characters).
    assert!(e.starts_with(&format!("{}:5:17: ${{file(./nope.yml)}}", path.display())), "{e}");
}

#[test]
fn what_only_a_deploy_knows_is_unresolved_with_what_was_used() {
    let i = read(
        "service: s\nfunctions:\n  api:\n    handler: h\n    memorySize: ${ssm:/shop/api/memory}\n\
         \x20   timeout: ${ssm:/shop/api/timeout, 20}\n",
    );
    let f = &i.functions[0];
    assert_eq!((f.memory_mb, f.timeout_s), (1024, 20), "the framework's default; the fallback");
    let u: Vec<(&str, usize, usize, &str)> = i
        .unresolved
        .iter()
        .map(|u| (u.address.as_str(), u.location.line, u.location.column, u.used.as_str()))
        .collect();
    // `    memorySize: ` and `    timeout: ` are 16 and 13 characters.
    assert_eq!(
        u,
        [("functions.api.memorySize", 5, 17, "1024 MB"), ("functions.api.timeout", 6, 14, "the fallback '20'")]
    );
    assert!(i.unresolved[0].why.starts_with("${ssm:/shop/api/memory} (an SSM parameter"), "{}", i.unresolved[0].why);
    assert!(i.unresolved[1].why.contains("${ssm:/shop/api/timeout, 20}"), "{}", i.unresolved[1].why);
    assert_eq!(f.defaults[0], "memorySize = 1024 (the Serverless Framework's default)");
    // An unknown value nowhere near a cost setting is not listed.
    let quiet = read("service: s\nfunctions:\n  api:\n    handler: h\n    environment:\n      DB: ${ssm:/db}\n");
    assert!(quiet.unresolved.is_empty(), "{:?}", quiet.unresolved);
}

#[test]
fn events_map_to_triggers_and_the_rest_is_skipped_with_the_reason() {
    let i = read(
        "service: s\nfunctions:\n  api:\n    handler: h\n    url: true\n    events:\n\
         \x20     - stream: arn:aws:dynamodb:us-east-1:1:table/t/stream/x\n\
         \x20     - httpApi: GET /items\n\
         \x20     - sqs: arn:aws:sqs:us-east-1:1:jobs.fifo\n\
         \x20     - schedule:\n          rate: rate(1 hour)\n          enabled: false\n\
         \x20     - eventBridge:\n          pattern:\n            source: [shop]\n\
         \x20     - schedule: rate(5 minutes)\n\
         \x20     - websocket: $connect\n\
         \x20 img:\n    image: 1.dkr.ecr.us-east-1.amazonaws.com/img:latest\n",
    );
    let f = &i.functions[0];
    assert_eq!(f.trigger, Trigger::Sync { front: Front::HttpApi });
    let rate = ScheduleSpec { expression: "rate(5 minutes)".into(), timezone: None, flexible_window_minutes: None };
    assert_eq!(
        f.other_triggers,
        [
            Trigger::Sqs(SqsMapping { fifo: true, ..SqsMapping::default() }),
            Trigger::Async { source: "EventBridge".into() },
            Trigger::Schedule(rate),
            Trigger::Sync { front: Front::FunctionUrl },
        ]
    );
    let skipped: Vec<(&str, usize)> = i.skipped.iter().map(|s| (s.address.as_str(), s.location.line)).collect();
    assert_eq!(
        skipped,
        [("functions.api.events[0]", 7), ("functions.api.events[3]", 10), ("functions.api.events[6]", 17)]
    );
    assert!(i.skipped[0].reason.contains("stream mappings are not simulated"), "{}", i.skipped[0].reason);
    assert!(i.skipped[1].reason.contains("disabled"), "{}", i.skipped[1].reason);
    let img = &i.functions[1];
    assert_eq!((img.package, img.runtime.as_deref()), (Package::Image, None));
}

#[test]
fn values_lambda_refuses_are_errors_at_their_place() {
    // Line 5 is `    memorySize: 64`: 16 characters before the value.
    refused(
        "service: s\nfunctions:\n  api:\n    handler: h\n    memorySize: 64\n",
        "serverless.yml:5:17: functions.api.memorySize is '64': allowed are whole numbers 128 – 10240 MB",
    );
    // Line 4 is `  architecture: arm`: 16 characters before the value.
    refused(
        "service: s\nprovider:\n  name: aws\n  architecture: arm\nfunctions:\n  api:\n    handler: h\n",
        "serverless.yml:4:17: provider.architecture is 'arm': allowed are x86_64 and arm64",
    );
    // Line 5 is `    maximumRetryAttempts: 3`: 26 characters before the value.
    refused(
        "service: s\nfunctions:\n  api:\n    handler: h\n    maximumRetryAttempts: 3\n",
        "serverless.yml:5:27: functions.api.maximumRetryAttempts is '3': allowed are whole numbers 0 – 2",
    );
    // Line 3 is `  name: azure`: 8 characters before the value.
    refused("service: s\nprovider:\n  name: azure\n", "serverless.yml:3:9: provider.name is 'azure'");
}

#[test]
fn a_queue_whose_visibility_is_below_the_timeout_is_refused_at_the_queue() {
    let text = "service: s\nfunctions:\n  worker:\n    handler: h\n    timeout: 60\n    events:\n\
                \x20     - sqs:\n          arn: !GetAtt Jobs.Arn\nresources:\n  Resources:\n    Jobs:\n\
                \x20     Type: AWS::SQS::Queue\n      Properties:\n        VisibilityTimeout: 30\n";
    // Line 14 is `        VisibilityTimeout: 30`: 27 characters before the value.
    refused(text, "serverless.yml:14:28: resources.Resources.Jobs: VisibilityTimeout 30 s is below the timeout of the function it feeds (60 s)");
    // Without Properties, SQS's 30 s: refused where the queue starts, at its first key `Type` (line 12, column 7).
    refused(
        &text.replace("      Properties:\n        VisibilityTimeout: 30\n", ""),
        "serverless.yml:12:7: resources.Resources.Jobs: VisibilityTimeout 30 s (SQS's default)",
    );
    // A batch over 10 without a window (the queue's visibility fine): line 9 is `          batchSize: 25`, 21
    // characters before the value.
    let batch = text
        .replace("arn: !GetAtt Jobs.Arn\n", "arn: !GetAtt Jobs.Arn\n          batchSize: 25\n")
        .replace("VisibilityTimeout: 30", "VisibilityTimeout: 360");
    refused(&batch, "serverless.yml:9:22: functions.worker.events[0].sqs.batchSize 25 needs maximumBatchingWindow");
    // On a FIFO queue (the queue's FifoQueue, read after the mapping) a window does not help: at most 10.
    let fifo = batch
        .replace("          batchSize: 25\n", "          batchSize: 25\n          maximumBatchingWindow: 0\n")
        .replace("VisibilityTimeout: 360", "VisibilityTimeout: 360\n        FifoQueue: true");
    refused(
        &fifo,
        "serverless.yml:9:22: functions.worker.events[0].sqs.batchSize 25: a FIFO queue's mapping takes batches of at most 10 messages",
    );
    // 360 s is fine, and read with the queue's FifoQueue.
    let ok = read(&text.replace("VisibilityTimeout: 30", "VisibilityTimeout: 360\n        FifoQueue: true"));
    assert_eq!(
        ok.functions[0].trigger,
        Trigger::Sqs(SqsMapping { visibility_timeout_s: Some(360), fifo: true, ..SqsMapping::default() })
    );
}

#[test]
fn a_schedule_eventbridge_refuses_is_refused_at_the_expression() {
    // Line 6 is `      - schedule: rate(5 fortnights)`: 18 characters before the value.
    refused(
        "service: s\nfunctions:\n  job:\n    handler: h\n    events:\n      - schedule: rate(5 fortnights)\n",
        "serverless.yml:6:19: functions.job.events[0].schedule: schedule 'rate(5 fortnights)'",
    );
    // A time zone without `method: scheduler`: line 8 is `          timezone: Europe/Dublin`, 20 characters before.
    refused(
        "service: s\nfunctions:\n  job:\n    handler: h\n    events:\n      - schedule:\n          rate: cron(0 2 * * ? *)\n          timezone: Europe/Dublin\n",
        "serverless.yml:8:21: functions.job.events[0].schedule.timezone needs method: scheduler");
}

#[test]
fn yaml_that_does_not_parse_and_variable_cycles_are_located() {
    // Line 3 is `  api: [1, 2`: the flow sequence is still open when the text ends (line 4, column 1).
    refused("service: s\nfunctions:\n  api: [1, 2\n", "serverless.yml:4:1: not valid YAML");
    // custom.a (line 3, after `  a: `, column 6) needs custom.b, which needs custom.a: the cycle closes at a.
    refused(
        "service: s\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\nfunctions:\n  api:\n    handler: h\n    memorySize: ${self:custom.a}\n",
        "serverless.yml:3:6: a variable cycle: custom.a → custom.b → custom.a");
}

#[test]
fn the_example_imports_and_runs_through_the_binary() {
    let out = Command::cargo_bin("costsim")
        .unwrap()
        .args(["import", "scenarios/iac/serverless", "--date", "2026-12-01", "--out", "-"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("# Written by `costsim import scenarios/iac/serverless"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("shop.toml");
    std::fs::write(&app, &text).unwrap();
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("run")
        .arg(&app)
        .args(["--horizon-hours", "3", "--replications", "1", "--memory", "1024", "--out"])
        .arg(dir.path().join("report"))
        .assert()
        .success();
}

/// Found by the fuzz target (seed 44): a runtime or key holding a control character went raw into a comment of
/// the application file, which then did not load.
#[test]
fn control_characters_in_a_runtime_or_key_still_write_a_file_that_loads() {
    let i = read("service: s\nfunctions:\n  \"a\\x01b\":\n    handler: h\n    runtime: \"provided.al202\\x13\"\n");
    assert_eq!(i.functions[0].runtime.as_deref(), Some("provided.al202\u{13}"));
    assert_eq!(i.functions[0].name, "a-b");
    loads(&i);
}
