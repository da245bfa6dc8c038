//! `costsim import` on AWS SAM and CloudFormation templates: the shipped SAM example against the Terraform one,
//! Globals, parameters, conditions, mappings, defaults, a JSON template as `cdk synth` writes it, what only a
//! deployment knows, skipped resources, and every refusal located. Expected numbers are read off the templates by
//! hand (comments say where).

mod common;

use std::path::Path;

use common::{loads, settings, terraform_example};

use assert_cmd::Command;
use costsim::iac::{
    cloudformation, Format, Front, Import, ImportError, ReadOptions, ScheduleSpec, SqsMapping, Trigger,
};
use costsim::Architecture;
use predicates::prelude::*;

fn read(text: &str) -> Result<Import, ImportError> {
    cloudformation::read(Path::new("t.yaml"), text, &ReadOptions::default())
}

fn with_vars(text: &str, vars: &[(&str, &str)]) -> Result<Import, ImportError> {
    let vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    cloudformation::read(Path::new("t.yaml"), text, &ReadOptions { vars, ..ReadOptions::default() })
}

fn sam() -> Import {
    let path = Path::new("scenarios/iac/sam/template.yaml");
    cloudformation::read(path, &std::fs::read_to_string(path).unwrap(), &ReadOptions::default()).unwrap()
}

#[test]
fn the_sam_example_describes_the_terraform_examples_functions_setting_for_setting() {
    let tf = terraform_example();
    let sam = sam();
    assert_eq!(sam.format, Format::Cloudformation);
    assert_eq!(sam.files, [Path::new("scenarios/iac/sam/template.yaml")]);
    let names: Vec<&str> = sam.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["api", "checkout", "thumbnails", "photo-metadata", "order-worker", "search-indexer", "nightly-report"]
    );
    assert_eq!(tf.functions.len(), 7);
    for (s, t) in sam.functions.iter().zip(&tf.functions) {
        assert_eq!(settings(s), settings(t), "{} differs from Terraform's {}", s.address, t.address);
    }
    assert!(sam.skipped.is_empty(), "{:?}", sam.skipped);
    assert!(sam.unresolved.is_empty(), "{:?}", sam.unresolved);
    assert_eq!(sam.region, None, "a template does not name its region");
}

#[test]
fn the_sam_example_reads_its_globals_mappings_and_conditions() {
    let i = sam();
    let by = |n: &str| i.functions.iter().find(|f| f.name == n).unwrap();
    // Globals.Function: Runtime python3.12, MemorySize 1024, Timeout 10; Api sets Runtime nodejs22.x, Timeout 6.
    let api = by("api");
    assert_eq!((api.memory_mb, api.timeout_s, api.runtime.as_deref()), (1024, 6, Some("nodejs22.x")));
    assert_eq!(api.address, "Resources.Api");
    // `  Api:` is line 38 of the template; the logical ID starts at column 3.
    assert_eq!((api.location.line, api.location.column), (38, 3));
    // Thumbnails: MemorySize !FindInMap [Sizes, photos, MemorySize] = 3008, EphemeralStorage 1024, Globals' runtime.
    let t = by("thumbnails");
    assert_eq!((t.memory_mb, t.ephemeral_mb, t.runtime.as_deref()), (3008, 1024, Some("python3.12")));
    // ReservedConcurrentExecutions !Ref CheckoutReserved, Default 150.
    assert_eq!(by("checkout").reserved, Some(150));
    // No function but Checkout writes Architectures, so only that default is recorded (memory and timeout come
    // from Globals when the function does not set them).
    assert_eq!(api.defaults, ["Architectures = [x86_64] (Lambda's default)"]);
    assert!(by("checkout").defaults.is_empty());
    let app = loads(&i);
    assert_eq!(app.functions().len(), 7);
    assert_eq!(app.unreserved("us-east-1"), 850, "checkout's 150 reserved of the 1,000");
}

#[test]
fn a_var_wins_over_a_parameters_default() {
    let p = Path::new("scenarios/iac/sam/template.yaml");
    let text = std::fs::read_to_string(p).unwrap();
    let i = with_vars(&text, &[("Env", "dev"), ("CheckoutReserved", "40")]).unwrap();
    // IsProd is false: FunctionName is !Sub "api-${Env}".
    assert_eq!(i.functions[0].name, "api-dev");
    assert_eq!(i.functions[1].reserved, Some(40));

    let t = "Parameters:\n  Mem:\n    Type: Number\n    Default: 256\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: !Ref Mem\n";
    assert_eq!(read(t).unwrap().functions[0].memory_mb, 256);
    assert_eq!(with_vars(t, &[("Mem", "1024")]).unwrap().functions[0].memory_mb, 1024);
}

#[test]
fn globals_merge_under_each_function_as_sam_merges_them() {
    let t = "Globals:\n  Function:\n    MemorySize: 512\n    Timeout: 5\n    EphemeralStorage:\n      Size: 2048\n\
             Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Timeout: 30\n\
             \x20 Plain:\n    Type: AWS::Lambda::Function\n    Properties: {}\n\
             \x20 Alone:\n    Type: AWS::Serverless::Function\n    IgnoreGlobals: '*'\n    Properties: {}\n";
    let i = read(t).unwrap();
    let f = &i.functions[0];
    // Globals' MemorySize 512 and EphemeralStorage, the function's own Timeout 30 winning over Globals' 5.
    assert_eq!((f.memory_mb, f.timeout_s, f.ephemeral_mb), (512, 30, 2048));
    // Globals apply to SAM functions only, and not to one that opts out.
    for plain in &i.functions[1..] {
        assert_eq!((plain.memory_mb, plain.timeout_s, plain.ephemeral_mb), (128, 3, 512), "{}", plain.name);
    }
}

#[test]
fn conditions_and_mappings_choose_values() {
    let t = "Parameters:\n  Env:\n    Type: String\n    Default: prod\n\
             Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  Small: !Not [!Condition IsProd]\n\
             Mappings:\n  Sizes:\n    prod: { Memory: 2048 }\n    dev: { Memory: 256 }\n\
             Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n\
             \x20     MemorySize: !FindInMap [Sizes, !Ref Env, Memory]\n\
             \x20     Timeout: !If [Small, 3, 20]\n\
             \x20     Architectures: !If [IsProd, [arm64], !Ref AWS::NoValue]\n\
             \x20 DevOnly:\n    Type: AWS::Lambda::Function\n    Condition: Small\n    Properties: {}\n";
    let i = read(t).unwrap();
    let f = &i.functions[0];
    assert_eq!((f.memory_mb, f.timeout_s, f.architecture), (2048, 20, Architecture::Arm64));
    assert_eq!(i.functions.len(), 1);
    assert_eq!(i.skipped[0].address, "Resources.DevOnly");
    assert_eq!(i.skipped[0].reason, "its Condition Small is false, so it is not created");
    let dev = with_vars(t, &[("Env", "dev")]).unwrap();
    let f = &dev.functions[0];
    // AWS::NoValue removes Architectures: Lambda's default, and said so.
    assert_eq!((f.memory_mb, f.timeout_s, f.architecture), (256, 3, Architecture::X86_64));
    assert!(f.defaults.contains(&"Architectures = [x86_64] (Lambda's default)".to_string()), "{:?}", f.defaults);
    assert_eq!(dev.functions.len(), 2);
}

#[test]
fn absent_keys_take_cloudformations_defaults_and_say_so() {
    let i = read("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n")
        .unwrap();
    let f = &i.functions[0];
    assert_eq!(f.name, "Fn", "the logical ID without a FunctionName");
    assert_eq!(
        (f.memory_mb, f.timeout_s, f.architecture, f.ephemeral_mb, f.reserved, f.provisioned),
        (128, 3, Architecture::X86_64, 512, None, 0)
    );
    assert_eq!(
        f.defaults,
        [
            "MemorySize = 128 (CloudFormation's default)",
            "Timeout = 3 (CloudFormation's default)",
            "Architectures = [x86_64] (Lambda's default)"
        ]
    );
    assert_eq!(f.trigger, Trigger::Unknown);
}

#[test]
fn a_json_template_links_mapping_version_and_invoke_config_by_reference() {
    let path = Path::new("tests/data/iac/cloudformation.json");
    let i = cloudformation::read(path, &std::fs::read_to_string(path).unwrap(), &ReadOptions::default()).unwrap();
    assert_eq!(i.functions.len(), 1);
    let f = &i.functions[0];
    // FunctionName {"Fn::Sub": "worker-${Stage}"}, Stage's Default prod; MemorySize {"Ref": "WorkerMemory"}, "512".
    assert_eq!(f.name, "worker-prod");
    assert_eq!(
        (f.memory_mb, f.timeout_s, f.architecture, f.ephemeral_mb, f.reserved),
        (512, 10, Architecture::Arm64, 1024, Some(20))
    );
    // The version's ProvisionedConcurrencyConfig; the invoke config's retries and age.
    assert_eq!(f.provisioned, 5);
    assert_eq!((f.maximum_retry_attempts, f.maximum_event_age_s), (Some(1), Some(3600)));
    // The mapping names the alias WorkerLive, whose FunctionName is {"Ref": "Worker"}; the queue's visibility 60.
    assert_eq!(
        f.trigger,
        Trigger::Sqs(SqsMapping {
            batch_size: Some(100),
            maximum_batching_window_s: Some(5),
            maximum_concurrency: Some(20),
            visibility_timeout_s: Some(60),
            ..SqsMapping::default()
        })
    );
    assert!(i.skipped.is_empty() && i.unresolved.is_empty(), "{:?} {:?}", i.skipped, i.unresolved);
    loads(&i);
}

#[test]
fn plain_cloudformation_triggers_link_to_their_functions() {
    let t = r#"Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: api }
  Web:
    Type: AWS::Lambda::Function
  Nightly:
    Type: AWS::Lambda::Function
  Events:
    Type: AWS::Lambda::Function
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Api.Arn}/invocations"
  Route:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Api.Arn }
  Url:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !Ref Web, AuthType: NONE }
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets: [{ Id: n, Arn: !GetAtt Nightly.Arn }]
  Pattern:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [shop] }
      Targets: [{ Id: e, Arn: !GetAtt Events.Arn }]
  Later:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: cron(0 3 * * ? *)
      ScheduleExpressionTimezone: Europe/Paris
      FlexibleTimeWindow: { Mode: FLEXIBLE, MaximumWindowInMinutes: 15 }
      Target: { Arn: !GetAtt Nightly.Arn, RoleArn: x }
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        LambdaConfigurations: [{ Event: "s3:ObjectCreated:*", Function: !GetAtt Events.Arn }]
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription: [{ Protocol: lambda, Endpoint: "arn:aws:lambda:us-east-1:123456789012:function:api" }]
"#;
    let i = read(t).unwrap();
    let by = |n: &str| i.functions.iter().find(|f| f.name == n).unwrap();
    assert_eq!(by("api").trigger, Trigger::Sync { front: Front::RestApi });
    // The HTTP API integration and the topic (by ARN) come after the REST method.
    assert_eq!(
        by("api").other_triggers,
        [Trigger::Sync { front: Front::HttpApi }, Trigger::Async { source: "SNS".into() }]
    );
    assert_eq!(by("Web").trigger, Trigger::Sync { front: Front::FunctionUrl });
    assert_eq!(
        by("Nightly").trigger,
        Trigger::Schedule(ScheduleSpec {
            expression: "rate(1 hour)".into(),
            timezone: None,
            flexible_window_minutes: None
        })
    );
    assert_eq!(
        by("Nightly").other_triggers,
        [Trigger::Schedule(ScheduleSpec {
            expression: "cron(0 3 * * ? *)".into(),
            timezone: Some("Europe/Paris".into()),
            flexible_window_minutes: Some(15),
        })]
    );
    assert_eq!(by("Events").trigger, Trigger::Async { source: "EventBridge".into() });
    assert_eq!(by("Events").other_triggers, [Trigger::Async { source: "S3".into() }]);
    assert!(i.skipped.is_empty(), "{:?}", i.skipped);
}

#[test]
fn sam_events_provisioned_concurrency_and_function_urls() {
    let t = r#"Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 }
      SnapStart: { ApplyOn: PublishedVersions }
      FunctionUrlConfig: { AuthType: NONE }
      EventInvokeConfig: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600 }
      Events:
        Items: { Type: HttpApi, Properties: { Path: /items, Method: get } }
        Uploads: { Type: SNS, Properties: { Topic: !Ref T } }
        Off: { Type: Schedule, Properties: { Schedule: rate(5 minutes), Enabled: false } }
        Rule: { Type: EventBridgeRule, Properties: { Pattern: { source: [shop] } } }
  T:
    Type: AWS::SNS::Topic
  Extra:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: { FunctionName: !Ref FnAliaslive, Qualifier: live, MaximumRetryAttempts: 0 }
"#;
    let i = read(t).unwrap();
    let f = &i.functions[0];
    assert_eq!((f.provisioned, f.snap_start), (5, true));
    // The alias SAM generates (<Id>Alias<Name>) links the plain invoke config, which wins over the SAM one.
    assert_eq!((f.maximum_retry_attempts, f.maximum_event_age_s), (Some(0), Some(3600)));
    assert_eq!(f.trigger, Trigger::Sync { front: Front::HttpApi });
    assert_eq!(
        f.other_triggers,
        [
            Trigger::Async { source: "SNS".into() },
            Trigger::Async { source: "EventBridge".into() },
            Trigger::Sync { front: Front::FunctionUrl }
        ]
    );
    assert_eq!(i.skipped.len(), 1);
    assert_eq!(i.skipped[0].address, "Resources.Fn.Properties.Events.Off");
    assert_eq!(i.skipped[0].reason, "the schedule is disabled");
}

#[test]
fn what_only_a_deployment_knows_is_listed_with_what_was_used() {
    let t = "Parameters:\n  Mem:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /shop/memory\n\
             Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n\
             \x20     MemorySize: !Ref Mem\n\
             \x20     Timeout: !ImportValue shop-timeout\n\
             \x20     Runtime: \"{{resolve:ssm:/shop/runtime}}\"\n";
    let i = read(t).unwrap();
    let f = &i.functions[0];
    assert_eq!((f.memory_mb, f.timeout_s, f.runtime.as_deref()), (128, 3, None));
    let u = &i.unresolved;
    assert_eq!(u.len(), 3, "{u:?}");
    assert_eq!(u[0].address, "Resources.Fn.Properties.MemorySize");
    // Line 9, `      MemorySize: !Ref ` is 23 characters: the tagged value starts at column 24.
    assert_eq!((u[0].location.line, u[0].location.column), (9, 24));
    assert!(u[0].why.contains("SSM parameter '/shop/memory'"), "{}", u[0].why);
    assert_eq!(u[0].used, "128 (CloudFormation's default)");
    assert_eq!(u[1].address, "Resources.Fn.Properties.Timeout");
    // Line 10, `      Timeout: !ImportValue ` is 28 characters.
    assert_eq!((u[1].location.line, u[1].location.column), (10, 29));
    assert!(u[1].why.starts_with("Fn::ImportValue 'shop-timeout'"), "{}", u[1].why);
    assert_eq!(u[1].used, "3 (CloudFormation's default)");
    assert_eq!(u[2].address, "Resources.Fn.Properties.Runtime");
    assert!(u[2].why.contains("dynamic reference"), "{}", u[2].why);
    // With the parameter given, nothing is unknown about the memory.
    let given = with_vars(t, &[("Mem", "2048")]).unwrap();
    assert_eq!(given.functions[0].memory_mb, 2048);
    assert_eq!(given.unresolved.len(), 2);
}

#[test]
fn stream_sources_are_skipped_with_the_reason() {
    let t = r#"Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Stream: { Type: Kinesis, Properties: { Stream: !GetAtt S.Arn, StartingPosition: LATEST } }
  S:
    Type: AWS::Kinesis::Stream
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt S.Arn, StartingPosition: LATEST }
  Layer:
    Type: AWS::Lambda::LayerVersion
"#;
    let i = read(t).unwrap();
    assert_eq!(i.functions[0].trigger, Trigger::Unknown);
    let s: Vec<(&str, &str)> = i.skipped.iter().map(|s| (s.address.as_str(), s.reason.as_str())).collect();
    assert_eq!(
        s,
        [
            (
                "Resources.Fn.Properties.Events.Stream",
                "Kinesis events are not simulated (costsim simulates API, asynchronous, SQS and schedule triggers)"
            ),
            (
                "Resources.Mapping",
                "Resources.S (AWS::Kinesis::Stream) is not an SQS queue: only SQS event source mappings are simulated (streams, Kafka and MQ are not)"
            ),
        ]
    );
    // The mapping is written on line 9, its logical ID at column 3.
    assert_eq!((i.skipped[1].location.line, i.skipped[1].location.column), (9, 3));
}

fn error(text: &str) -> String {
    read(text).unwrap_err().to_string()
}

#[test]
fn values_lambda_refuses_are_located_refusals() {
    // MemorySize on line 5, after `      MemorySize: ` (18 characters): column 19.
    let e = error("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 64\n");
    assert_eq!(e, "t.yaml:5:19: Resources.Fn: MemorySize is 64: allowed are whole numbers 128 – 10240 MB");

    // Globals' [arm64] and the function's [x86_64] are concatenated (SAM's rule for lists): the function's list
    // on line 8, after `      Architectures: ` (21 characters), at column 22.
    let e = error(
        "Globals:\n  Function:\n    Architectures: [arm64]\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Architectures: [x86_64]\n",
    );
    assert_eq!(
        e,
        "t.yaml:8:22: Resources.Fn: Architectures has 2 items (SAM adds the function's list to Globals.Function's): Lambda allows one (x86_64 or arm64)"
    );

    // The queue's VisibilityTimeout on line 5, after `      VisibilityTimeout: ` (25 characters).
    let e = error(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 20\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Timeout: 30\n      Events:\n        Jobs:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Q.Arn\n",
    );
    assert!(e.starts_with("t.yaml:5:26: Resources.Q: VisibilityTimeout 20 s is below the timeout of Fn (30 s)"), "{e}");

    // Without VisibilityTimeout the queue has SQS's 30 s, refused where the queue is defined (line 2, column 3).
    let e = error(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Timeout: 60 }\n  M:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Q.Arn }\n",
    );
    assert!(e.starts_with("t.yaml:2:3: Resources.Q: VisibilityTimeout 30 s (SQS's default) is below"), "{e}");

    // Minute 61 does not exist; the expression on line 9, after `            ScheduleExpression: ` (32 characters).
    let e = error(
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Nightly:\n          Type: ScheduleV2\n          Properties:\n            ScheduleExpression: cron(61 2 * * ? *)\n",
    );
    assert!(
        e.starts_with("t.yaml:9:33: Resources.Fn.Properties.Events.Nightly: schedule 'cron(61 2 * * ? *)':"),
        "{e}"
    );

    // Retries above 2, in SAM's EventInvokeConfig: line 5, after `      EventInvokeConfig: { MaximumRetryAttempts: `
    // (6 + 19 + 2 + 22 = 49 characters).
    let e = error(
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      EventInvokeConfig: { MaximumRetryAttempts: 3 }\n",
    );
    assert_eq!(
        e,
        "t.yaml:5:50: Resources.Fn: EventInvokeConfig.MaximumRetryAttempts is 3: allowed are whole numbers 0 – 2"
    );

    // A batch over 10 messages without a batching window: BatchSize's value on line 10, after
    // `          Properties: { Queue: !GetAtt Q.Arn, BatchSize: ` (10 + 47 = 57 characters).
    let e = error(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Jobs:\n          Type: SQS\n          Properties: { Queue: !GetAtt Q.Arn, BatchSize: 100 }\n",
    );
    assert!(
        e.starts_with(
            "t.yaml:10:58: Resources.Fn.Properties.Events.Jobs: BatchSize 100 needs MaximumBatchingWindowInSeconds"
        ),
        "{e}"
    );

    // Provisioned concurrency above the reserved concurrency, on a version: refused at the function (line 2).
    let e = error(
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { ReservedConcurrentExecutions: 20 }\n  V:\n    Type: AWS::Lambda::Version\n    Properties: { FunctionName: !Ref Fn, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 21 } }\n",
    );
    assert_eq!(e, "t.yaml:2:3: Resources.Fn: provisioned concurrency 21 is above its reserved concurrency (20): Lambda refuses it");

    // A timeout of 901 reached through a parameter: located at the parameter's Default (line 4, column 14).
    let e = error(
        "Parameters:\n  T:\n    Type: Number\n    Default: 901\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Timeout: !Ref T }\n",
    );
    assert_eq!(e, "t.yaml:4:14: Resources.Fn: Timeout is 901: allowed are whole numbers 1 – 900 s");
}

#[test]
fn templates_that_do_not_parse_are_located_refusals() {
    // `  Fn: a: b`: a mapping cannot start inside a plain value on the same line; the parser stops at the second
    // `:`, the 8th character of line 2 (two spaces, `Fn:`, a space, `a`, `:`).
    let e = error("Resources:\n  Fn: a: b\n");
    assert!(e.starts_with("t.yaml:2:8: not valid YAML:"), "{e}");
    let e = error("Resources: [1, 2]\n");
    assert_eq!(e, "t.yaml:1:12: not a CloudFormation or SAM template: Resources is a sequence, not a mapping");
    let e = error("AWSTemplateFormatVersion: 2010-09-09\n");
    assert_eq!(e, "t.yaml:1:1: not a CloudFormation or SAM template: it has no Resources section");
    // A cycle of conditions, refused where the second names the first (line 3, after `  B: !Condition `).
    let e = error("Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Condition: A\n");
    assert!(e.contains("condition A refers to itself"), "{e}");
}

#[test]
fn the_binary_imports_the_sam_example_and_run_accepts_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("shop.toml");
    Command::cargo_bin("costsim")
        .unwrap()
        .args(["import", "scenarios/iac/sam", "--date", "2026-12-01", "--out", "-"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Written by `costsim import scenarios/iac/sam`"))
        .stderr(predicate::str::contains("imported 7 function(s)"));
    Command::cargo_bin("costsim")
        .unwrap()
        .args(["import", "scenarios/iac/sam", "--date", "2026-12-01", "--out"])
        .arg(&app)
        .assert()
        .success();
    let out = dir.path().join("report");
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("run")
        .arg(&app)
        .args(["--horizon-hours", "3", "--replications", "1", "--memory", "1024", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("! Placeholders: 7 of 7 function(s)"));
}
