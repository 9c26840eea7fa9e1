# Offline: the AWS provider is mocked. Its validators still check the account id
# and ARNs, so the mocks have the real shape.
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/terraform"
      user_id    = "AIDAEXAMPLEUSERID0001"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }
}

variables {
  bucket_name  = "input-bucket-terraform-lms-hls-streaming"
  function_arn = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter"
  suffixes     = [".mp4"]
}

run "only_the_input_bucket_of_this_account_may_invoke" {
  assert {
    condition = (
      aws_lambda_permission.this.action == "lambda:InvokeFunction"
      && aws_lambda_permission.this.principal == "s3.amazonaws.com"
      && aws_lambda_permission.this.function_name == "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter"
    )
    error_message = "S3 must be allowed to invoke the converter."
  }

  assert {
    condition     = aws_lambda_permission.this.source_arn == "arn:aws:s3:::input-bucket-terraform-lms-hls-streaming" && aws_lambda_permission.this.source_account == "123456789012"
    error_message = "The permission must be scoped to the input bucket's ARN and this account."
  }
}

run "uploads_with_a_video_suffix_in_either_case_invoke_the_converter" {
  assert {
    condition     = aws_s3_bucket_notification.this.bucket == "input-bucket-terraform-lms-hls-streaming"
    error_message = "The notification must be on the input bucket."
  }

  assert {
    condition     = sort(aws_s3_bucket_notification.this.lambda_function[*].filter_suffix) == sort([".MP4", ".mp4"])
    error_message = "Each suffix must be registered in lower and upper case."
  }

  assert {
    condition = alltrue([for f in aws_s3_bucket_notification.this.lambda_function :
      f.events == toset(["s3:ObjectCreated:*"])
      && f.lambda_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter"
      && f.filter_prefix == null
    ])
    error_message = "Every rule must send s3:ObjectCreated:* to the converter, for the whole bucket."
  }

  assert {
    condition     = length(aws_s3_bucket_notification.this.queue) == 0 && length(aws_s3_bucket_notification.this.topic) == 0
    error_message = "The converter is the only destination."
  }

  assert {
    condition     = output.filter_suffixes == tolist([".mp4", ".MP4"]) && output.events == tolist(["s3:ObjectCreated:*"])
    error_message = "Outputs must list the registered suffixes and events."
  }
}

run "several_suffixes_are_registered_once_each" {
  variables {
    suffixes = [".mp4", ".MOV", ".mp4"]
  }

  assert {
    condition     = sort(aws_s3_bucket_notification.this.lambda_function[*].filter_suffix) == sort([".mp4", ".MP4", ".mov", ".MOV"])
    error_message = "Duplicates must collapse; every suffix appears in lower and upper case once."
  }
}

run "rejects_a_suffix_without_a_dot" {
  command = plan
  variables {
    suffixes = ["mp4"]
  }
  expect_failures = [var.suffixes]
}

run "rejects_an_empty_suffix_list" {
  command = plan
  variables {
    suffixes = []
  }
  expect_failures = [var.suffixes]
}

# The converter's alias: S3 invokes the qualified ARN, and the permission is granted on
# that qualifier (Lambda keeps one resource policy per qualifier).
run "an_alias_arn_is_invoked_and_granted_on_its_qualifier" {
  variables {
    function_arn = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter:live"
  }

  assert {
    condition     = alltrue([for f in aws_s3_bucket_notification.this.lambda_function : f.lambda_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter:live"])
    error_message = "Every notification rule must invoke the alias ARN."
  }

  assert {
    condition     = aws_lambda_permission.this.function_name == "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter" && aws_lambda_permission.this.qualifier == "live"
    error_message = "The permission must name the function and the alias as its qualifier."
  }
}

run "rejects_something_that_is_not_a_function_arn" {
  command = plan

  variables {
    function_arn = "lms-hls-streaming-test-converter"
  }

  expect_failures = [var.function_arn]
}

run "caption_suffixes_are_delivered_like_video_suffixes" {
  variables {
    suffixes = [".mp4", ".vtt", ".srt"]
  }

  assert {
    condition     = sort(aws_s3_bucket_notification.this.lambda_function[*].filter_suffix) == sort([".mp4", ".MP4", ".vtt", ".VTT", ".srt", ".SRT"])
    error_message = "Caption files (.vtt/.srt) in either case must invoke the converter, as videos do."
  }

  assert {
    condition     = length(distinct(aws_s3_bucket_notification.this.lambda_function[*].id)) == 6
    error_message = "Each suffix needs a configuration id of its own."
  }
}
