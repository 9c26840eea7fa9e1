# prod's values through the same root files as dev, offline (mocked AWS provider).
# The wiring itself is asserted in environments/dev/tests; here only what prod changes.
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "210987654321"
      arn        = "arn:aws:iam::210987654321:user/terraform"
      user_id    = "AIDAEXAMPLEUSERID0002"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name        = "us-east-1"
      description = "US East (N. Virginia)"
      endpoint    = "ec2.us-east-1.amazonaws.com"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn                         = "arn:aws:s3:::mocked-bucket"
      bucket_regional_domain_name = "mocked-bucket.s3.us-east-1.amazonaws.com"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::210987654321:role/mocked-role" }
  }

  mock_resource "aws_sqs_queue" {
    defaults = { arn = "arn:aws:sqs:us-east-1:210987654321:mocked-queue" }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn     = "arn:aws:lambda:us-east-1:210987654321:function:mocked-function"
      version = "1"
    }
  }

  mock_resource "aws_lambda_alias" {
    defaults = { arn = "arn:aws:lambda:us-east-1:210987654321:function:mocked-function:live" }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn         = "arn:aws:cloudfront::210987654321:distribution/E3MOCKEDPROD01"
      domain_name = "d222222abcdef8.cloudfront.net"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:us-east-1:210987654321:mocked-topic" }
  }

  mock_resource "aws_cloudwatch_event_rule" {
    defaults = { arn = "arn:aws:events:us-east-1:210987654321:rule/mocked-rule" }
  }

  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:us-east-1:210987654321:key/0000bbbb-12ab-34cd-56ef-1234567890ab" }
  }
}

variables {
  # The real jar is built by Maven; these tests only need a file to hash.
  converter_jar_path = "../../modules/converter/tests/fixtures/placeholder.jar"
  # Stands in for web/dist (make web).
  web_dist_path = "../../modules/delivery/tests/page"
}

run "prod_uses_the_documented_names" {
  assert {
    condition     = output.input_bucket_name == "lms-hls-streaming-prod-input-210987654321" && output.output_bucket_name == "lms-hls-streaming-prod-output-210987654321"
    error_message = "prod's bucket names are derived from the environment and the account (no fixed global names)."
  }

  assert {
    condition     = output.application == "lms-hls-streaming-prod" && output.function_name == "lms-hls-streaming-prod-converter"
    error_message = "prod's deployment name is lms-hls-streaming-prod."
  }

  assert {
    condition     = module.pipeline.converter_environment["DestinationBucket"] == "lms-hls-streaming-prod-output-210987654321" && module.pipeline.converter_environment["Application"] == "lms-hls-streaming-prod"
    error_message = "prod's converter writes to prod's output bucket."
  }
}

run "prod_traces_actively" {
  assert {
    condition     = length([for s in jsondecode(module.pipeline.lambda_role_policy_json).Statement : s if s.Sid == "WriteTraces"]) == 1
    error_message = "prod runs with tracing_mode Active, so the role may write X-Ray traces."
  }
}

run "prod_gives_the_lms_its_queue" {
  assert {
    condition     = output.lms_queue_url != null && startswith(output.playback_url_pattern, "https://d222222abcdef8.cloudfront.net/assets/")
    error_message = "prod must create the LMS queue (lms_queue = true) and output its URL with the playback URL pattern."
  }
}

run "prod_uploads_the_player_page_and_outputs_its_url" {
  assert {
    condition = (
      output.player_url == "https://d222222abcdef8.cloudfront.net/player/index.html"
      && output.watch_url_pattern == "https://d222222abcdef8.cloudfront.net/player/watch.html?asset=<assetID>"
      && contains(module.pipeline.page_object_keys, "player/watch.html")
      && contains(module.pipeline.page_object_keys, "player/config.json")
    )
    error_message = "prod must upload the page to its output bucket under player/ and output the page's URL on the distribution."
  }
}

run "prod_without_the_player_page" {
  variables {
    player_page   = false
    web_dist_path = "does-not-exist"
  }

  assert {
    condition     = output.player_url == null && length(module.pipeline.page_object_keys) == 0
    error_message = "player_page = false must deploy no page (and not look for web/dist)."
  }
}

run "the_source_systems_bucket_names_are_an_explicit_setting" {
  variables {
    input_bucket_name  = "input-bucket-terraform-lms-hls-streaming"
    output_bucket_name = "output-bucket-terraform-lms-hls-streaming"
  }

  assert {
    condition     = output.input_bucket_name == "input-bucket-terraform-lms-hls-streaming" && output.output_bucket_name == "output-bucket-terraform-lms-hls-streaming"
    error_message = "The seed's bucket names must still be available by setting them."
  }
}
