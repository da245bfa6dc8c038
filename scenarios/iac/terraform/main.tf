# The online shop of scenarios/shop.toml as Terraform describes it: a REST API and an HTTP API, an S3 image
# pipeline with two consumers, two SQS workers and a nightly EventBridge Scheduler job.
# Import it: costsim import scenarios/iac/terraform --out shop-imported.toml

provider "aws" {
  region = var.region
}

locals {
  # Every function is deployed as "<name>" in prod and "<name>-<env>" elsewhere.
  suffix       = var.env == "prod" ? "" : "-${var.env}"
  photo_memory = 3008
}

resource "aws_iam_role" "lambda" {
  name               = "shop-lambda${local.suffix}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

# --- The storefront API: API Gateway REST API → Lambda ----------------------------------------------------------

resource "aws_lambda_function" "api" {
  function_name = "api${local.suffix}"
  role          = aws_iam_role.lambda.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/api.zip"
  memory_size   = 1024
  timeout       = 6
}

resource "aws_api_gateway_rest_api" "store" {
  name = "store${local.suffix}"
}

resource "aws_api_gateway_integration" "products" {
  rest_api_id             = aws_api_gateway_rest_api.store.id
  resource_id             = aws_api_gateway_rest_api.store.root_resource_id
  http_method             = "GET"
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.api.invoke_arn
}

# --- Checkout: HTTP API, reserved concurrency ------------------------------------------------------------------

resource "aws_lambda_function" "checkout" {
  function_name                  = "checkout${local.suffix}"
  role                           = aws_iam_role.lambda.arn
  runtime                        = "java21"
  handler                        = "shop.Checkout::handleRequest"
  filename                       = "build/checkout.jar"
  memory_size                    = 2048
  timeout                        = 10
  architectures                  = ["x86_64"]
  reserved_concurrent_executions = var.checkout_reserved
}

resource "aws_apigatewayv2_api" "checkout" {
  name          = "checkout${local.suffix}"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "checkout" {
  api_id                 = aws_apigatewayv2_api.checkout.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.checkout.invoke_arn
  payload_format_version = "2.0"
}

# --- Product photos: S3 → two Lambda consumers (asynchronous) ----------------------------------------------------

resource "aws_s3_bucket" "photos" {
  bucket = "product-photos${local.suffix}"
}

resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails${local.suffix}"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "thumbnails.handler"
  filename      = "build/thumbnails.zip"
  memory_size   = local.photo_memory
  timeout       = 60

  ephemeral_storage {
    size = 1024
  }
}

resource "aws_lambda_function" "photo_metadata" {
  function_name = "photo-metadata${local.suffix}"
  role          = aws_iam_role.lambda.arn
  runtime       = "nodejs22.x"
  handler       = "metadata.handler"
  filename      = "build/metadata.zip"
  memory_size   = 1024
  timeout       = 10
}

resource "aws_s3_bucket_notification" "photos" {
  bucket = aws_s3_bucket.photos.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnails.arn
    events              = ["s3:ObjectCreated:*"]
  }

  lambda_function {
    lambda_function_arn = aws_lambda_function.photo_metadata.arn
    events              = ["s3:ObjectCreated:*"]
  }
}

# --- Orders and search: SQS workers -------------------------------------------------------------------------------

resource "aws_sqs_queue" "orders" {
  name                       = "orders${local.suffix}"
  visibility_timeout_seconds = 180 # 6 × the worker's 30 s timeout, as AWS recommends
}

resource "aws_lambda_function" "order_worker" {
  function_name = "order-worker${local.suffix}"
  role          = aws_iam_role.lambda.arn
  runtime       = "provided.al2023" # a Go binary
  handler       = "bootstrap"
  filename      = "build/order-worker.zip"
  memory_size   = 1024
  timeout       = 30
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn                   = aws_sqs_queue.orders.arn
  function_name                      = aws_lambda_function.order_worker.arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 1
  function_response_types            = ["ReportBatchItemFailures"]
}

resource "aws_sqs_queue" "catalogue_changes" {
  name                       = "catalogue-changes${local.suffix}"
  visibility_timeout_seconds = 360
}

resource "aws_lambda_function" "search_indexer" {
  function_name = "search-indexer${local.suffix}"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "indexer.handler"
  filename      = "build/indexer.zip"
  memory_size   = 512
  timeout       = 60
}

resource "aws_lambda_event_source_mapping" "catalogue_changes" {
  event_source_arn                   = aws_sqs_queue.catalogue_changes.arn
  function_name                      = aws_lambda_function.search_indexer.function_name
  batch_size                         = 25
  maximum_batching_window_in_seconds = 5 # required (≥ 1) when batch_size > 10
}

# --- The nightly sales report: EventBridge Scheduler, no retries ---------------------------------------------------

resource "aws_lambda_function" "nightly_report" {
  function_name = "nightly-report${local.suffix}"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "report.handler"
  filename      = "build/report.zip"
  memory_size   = 1769
  timeout       = 900
}

resource "aws_lambda_function_event_invoke_config" "nightly_report" {
  function_name          = aws_lambda_function.nightly_report.function_name
  maximum_retry_attempts = 0
}

resource "aws_scheduler_schedule" "nightly_report" {
  name                         = "nightly-report${local.suffix}"
  schedule_expression          = "cron(0 2 * * ? *)"
  schedule_expression_timezone = "Europe/Dublin"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.nightly_report.arn
    role_arn = aws_iam_role.lambda.arn
  }
}
