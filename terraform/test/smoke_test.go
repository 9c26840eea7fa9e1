package test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scripts/smoke-aws.sh (make smoke-aws) cannot run here: it needs a real account. Against
// moto its plan is shown complete: the script applies its own uniquely named stack, uploads
// the caption and the video, polls the LMS queue, issues signed cookies with
// lambda-java/signed-access and destroys everything, with the cleanup command printed
// before anything is created. What moto 5.2.1 lacks (the script lists it at the end) is
// played here by a stand-in: once the video is in the input bucket, it builds the COMPLETE
// message from the input transformer of the rule's target as moto holds it (the documented
// EventBridge substitution, input_transformer_test.go) and sends it to the LMS queue, where
// MediaConvert, EventBridge and SNS would have put it.
func TestSmokeScriptRunsItsSequenceAgainstMoto(t *testing.T) {
	if env.Real() {
		t.Skip("against a real account run make smoke-aws itself")
	}
	t.Parallel()
	const name = "smoketest"
	application := project + "-" + name
	inputBucket := application + "-input-123456789012" // moto's account
	require.NoError(t, os.RemoveAll(filepath.Join(repoRoot, ".work", "smoke", name)))
	video := filepath.Join(t.TempDir(), "lecture.mp4")
	require.NoError(t, os.WriteFile(video, []byte("a stand-in: moto does not transcode"), 0o644))

	cmd := exec.Command("bash", filepath.Join(repoRoot, "scripts", "smoke-aws.sh"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(os.Environ(),
		"SMOKE_ENDPOINT_URL="+env.Endpoint, "SMOKE_NAME="+name, "SMOKE_REGION="+env.Region,
		"SMOKE_VIDEO="+video, "SMOKE_CONVERTER_JAR="+converterJar(t), "SMOKE_JOB_TIMEOUT=600",
		"AWS_ACCESS_KEY_ID="+motoAccessKey, "AWS_SECRET_ACCESS_KEY="+motoSecretKey, "AWS_SESSION_TOKEN=",
	)
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	cfg := awsConfig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	standIn := make(chan error, 1)
	go func() {
		if err := admitUploadsOnMoto(ctx, cfg, inputBucket); err != nil {
			standIn <- err
			return
		}
		standIn <- sendCompleteWhenUploaded(ctx, t, cfg, application, inputBucket)
	}()

	var runErr error
	select {
	case runErr = <-done:
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		runErr = <-done
	}
	log := out.String()
	t.Log(log)
	require.NoError(t, runErr, "scripts/smoke-aws.sh against moto failed")
	select {
	case err := <-standIn:
		require.NoError(t, err, "the stand-in for MediaConvert/EventBridge/SNS")
	default:
		t.Fatal("the script finished before the stand-in sent the job message")
	}

	cleanupAt := strings.Index(log, "cleanup (runs by itself on exit")
	applyAt := strings.Index(log, "terraform apply")
	require.GreaterOrEqual(t, cleanupAt, 0, "the cleanup command is not printed")
	assert.Less(t, cleanupAt, applyAt, "the cleanup command must be printed before anything is created")
	assert.Contains(t, log, "scripts/smoke-aws.sh destroy "+name)
	assert.Contains(t, log, "uploading s3://"+inputBucket+"/smoke/lecture.en.vtt and smoke/lecture.mp4")
	assert.Contains(t, log, "COMPLETE: https://")
	assert.Contains(t, log, "issuing signed cookies with lambda-java/signed-access")
	assert.Contains(t, log, "not exercised against an emulator")
	assert.Contains(t, log, "PASSED; nothing left of "+name)

	// Destroyed for real: the API no longer knows the input bucket.
	_, err := s3Client(cfg).HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(inputBucket)})
	assert.Error(t, err, "the smoke stack's input bucket outlived the run")
}

// admitUploadsOnMoto removes the input bucket's policy once the apply has put it: moto
// 5.2.1 evaluates its TLS-only Deny (a Deny with a Condition) as matching every request,
// so the upload would be refused (terraform/environments/emulator/README.md). On AWS the
// upload goes over TLS and the policy stays.
func admitUploadsOnMoto(ctx context.Context, cfg aws.Config, bucket string) error {
	s3c := s3Client(cfg)
	for {
		if _, err := s3c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)}); err == nil {
			_, err = s3c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)})
			return err
		}
		select {
		case <-ctx.Done():
			return errors.New("the input bucket never got its policy")
		case <-time.After(2 * time.Second):
		}
	}
}

// sendCompleteWhenUploaded waits for the video in the input bucket, then puts on the LMS
// queue what EventBridge would deliver for the job's COMPLETE event.
func sendCompleteWhenUploaded(ctx context.Context, t *testing.T, cfg aws.Config, application, inputBucket string) error {
	s3c := s3Client(cfg)
	for {
		_, err := s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(inputBucket), Key: aws.String("smoke/lecture.mp4")})
		if err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return errors.New("the video never reached the input bucket")
		case <-time.After(2 * time.Second):
		}
	}
	targets, err := eventbridge.NewFromConfig(cfg).ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(application + "-job-state")})
	if err != nil {
		return err
	}
	if len(targets.Targets) != 1 || targets.Targets[0].InputTransformer == nil {
		return errors.New("the job state rule has no transformed target")
	}
	tr := targets.Targets[0].InputTransformer
	event := sampleJobEvent(application, "COMPLETE")
	um := event["detail"].(map[string]any)["userMetadata"].(map[string]any)
	um["assetID"], um["masterKey"], um["thumbnailKey"] = "smoke/lecture", "assets/smoke/lecture/HLS/lecture.m3u8", "assets/smoke/lecture/Thumbnails/lecture.0000000.jpg"
	b, _ := json.Marshal(event)
	var decoded map[string]any
	if err := json.Unmarshal(b, &decoded); err != nil {
		return err
	}
	body := applyInputTransformer(tr.InputPathsMap, aws.ToString(tr.InputTemplate), decoded, transformerContext{})
	q := sqs.NewFromConfig(cfg)
	url, err := q.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(application + "-job-events")})
	if err != nil {
		return err
	}
	_, err = q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url.QueueUrl, MessageBody: aws.String(body)})
	return err
}
