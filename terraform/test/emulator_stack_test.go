package test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/gruntwork-io/terratest/modules/terraform"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The design's fixed facts (ARCHITECTURE.md, lambda-java/README.md); the test states
// them again on purpose, so a change in the modules has to be a change here too.
const (
	project = "lms-hls-streaming"
	handler = "org.lmshls.converter.ConverterHandler::handleRequest"
	runtime = lambdatypes.RuntimeJava21
	// The converter module's default alias_name: what S3 invokes.
	aliasName     = "live"
	mediaConvert  = "mediaconvert.amazonaws.com"
	lambdaService = "lambda.amazonaws.com"
)

var repoRoot = filepath.Join("..", "..")

// stack is what the apply produced, as read back from the AWS API.
type stack struct {
	account          string
	inputBucket      string
	outputBucket     string
	functionName     string
	application      string
	function         *lambda.GetFunctionOutput
	alias            *lambda.GetAliasOutput
	version          *lambda.GetFunctionOutput // the published version the alias points at
	mediaConvertRole *iamtypes.Role
	outputs          map[string]any
}

// TestEmulatorStack applies environments/emulator (the pipeline module dev and prod use),
// checks every resource through the AWS API, requires an empty second plan and a clean
// destroy.
func TestEmulatorStack(t *testing.T) {
	t.Parallel()

	work := workDir(t)
	// Terraform deploys a copy, so the re-plan below can put a rebuilt jar in its place.
	jar := filepath.Join(work, "converter.jar")
	copyFile(t, converterJar(t), jar)
	keys := newSigningKeys(t)
	// Absolute: Terraform runs in the root's folder.
	webDist, err := filepath.Abs(filepath.Join(repoRoot, "web", "dist"))
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(webDist, "watch.html"))
	require.NoError(t, err, "the player page is not built: run `make web` (make integration does)")
	opts := &terraform.Options{
		TerraformDir: filepath.Join(repoRoot, "terraform", "environments", "emulator"),
		Vars: map[string]any{
			"region":             env.Region,
			"environment":        env.Name,
			"converter_jar_path": jar,
			"web_dist_path":      webDist,
			// The public half goes to CloudFront's key group; the test keeps the private half.
			"signed_access_public_key_pem": keys.publicPEM,
		},
		// State and provider installs live in this test's temporary directory: the source
		// tree stays clean and runs never share state.
		BackendConfig: map[string]any{"path": filepath.Join(work, "terraform.tfstate")},
		EnvVars:       map[string]string{"TF_DATA_DIR": filepath.Join(work, "tf-data"), "TF_IN_AUTOMATION": "1"},
		PluginDir:     os.Getenv("TF_PLUGIN_DIR"),
		Reconfigure:   true,
		NoColor:       true,
	}
	if !env.Real() {
		opts.Vars["endpoint_url"] = env.Endpoint
		opts.EnvVars["AWS_ACCESS_KEY_ID"] = motoAccessKey
		opts.EnvVars["AWS_SECRET_ACCESS_KEY"] = motoSecretKey
	}

	terraform.Init(t, opts)
	// Destroy even when an assertion or the apply itself fails half-way; the explicit
	// destroy at the end sets destroyed so this does not run twice.
	destroyed := false
	defer func() {
		if !destroyed {
			forgetWhatMotoCannotDelete(t, opts)
			terraform.Destroy(t, opts)
		}
	}()

	terraform.Apply(t, opts)

	cfg := awsConfig(t)
	s := readStack(t, cfg, opts)

	// Independent reads of one finished stack: they run side by side.
	t.Run("api", func(t *testing.T) {
		t.Run("InputBucket", func(t *testing.T) { t.Parallel(); checkInputBucket(t, cfg, s) })
		t.Run("OutputBucket", func(t *testing.T) { t.Parallel(); checkOutputBucket(t, cfg, s) })
		t.Run("Notification", func(t *testing.T) { t.Parallel(); checkNotification(t, cfg, s) })
		t.Run("Function", func(t *testing.T) { t.Parallel(); checkFunction(t, cfg, s, jar) })
		t.Run("SnapStartAlias", func(t *testing.T) { t.Parallel(); checkSnapStartAlias(t, s, jar) })
		t.Run("FailureDestination", func(t *testing.T) { t.Parallel(); checkFailureDestination(t, cfg, s) })
		t.Run("LogGroup", func(t *testing.T) { t.Parallel(); checkLogGroup(t, cfg, s) })
		t.Run("LambdaRole", func(t *testing.T) { t.Parallel(); checkLambdaRole(t, cfg, s) })
		t.Run("MediaConvertRole", func(t *testing.T) { t.Parallel(); checkMediaConvertRole(t, cfg, s) })
		t.Run("Distribution", func(t *testing.T) { t.Parallel(); checkDistribution(t, cfg, s, keys) })
		t.Run("OutputBucketAdmitsTheDistribution", func(t *testing.T) { t.Parallel(); checkCloudFrontRead(t, cfg, s) })
		t.Run("JobStateRule", func(t *testing.T) { t.Parallel(); checkJobStateRule(t, cfg, s) })
		t.Run("Topic", func(t *testing.T) { t.Parallel(); checkTopic(t, cfg, s) })
		t.Run("LmsQueue", func(t *testing.T) { t.Parallel(); checkLmsQueue(t, cfg, s) })
		t.Run("Alarms", func(t *testing.T) { t.Parallel(); checkAlarms(t, cfg, s) })
	})

	// Against moto the page goes to a bucket without the TLS-only policy (TestPlayerPage).
	if env.Real() {
		t.Run("api/PlayerPage", func(t *testing.T) { checkPlayerPage(t, cfg, s, webDist) })
	}

	t.Run("SecondPlanHasNoChanges", func(t *testing.T) {
		// A second clean build of the same commit (scripts/integration.sh makes one) takes
		// the deployed jar's place first: with a reproducible jar its hash is the same and
		// the function, its version and the alias stay as they are.
		if rebuilt := os.Getenv("LMS_HLS_REBUILT_JAR"); rebuilt != "" {
			copyFile(t, rebuilt, jar)
		} else {
			t.Log("LMS_HLS_REBUILT_JAR unset: re-planning with the jar that was applied")
		}
		// Anything the provider reads back differently from what it wrote (or the API
		// normalises) shows up here. Against moto, only the fields moto 5.2.1 does not
		// store are tolerated, each by name (replan_test.go).
		secondPlanIsClean(t, opts, work, s)
	})

	t.Run("DestroyIsClean", func(t *testing.T) {
		destroyed = true
		forgetWhatMotoCannotDelete(t, opts)
		terraform.Destroy(t, opts)
		state := terraform.RunTerraformCommandAndGetStdout(t, opts, "state", "list")
		require.Empty(t, strings.TrimSpace(state), "resources left in state after destroy")
		checkGone(t, cfg, s)
	})
}

// workDir holds the state and Terraform's data directory. Against moto a temporary
// directory; against a real account .work/real-aws/<stack>, kept so that a run killed
// half-way can still be destroyed by hand (terraform/test/README.md says how).
func workDir(t *testing.T) string {
	t.Helper()
	if !env.Real() {
		return t.TempDir()
	}
	dir, err := filepath.Abs(filepath.Join(repoRoot, ".work", "real-aws", env.Name))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(dir, 0o700))
	return dir
}

// converterJar is the shaded jar make build writes; LMS_HLS_CONVERTER_JAR overrides it.
func converterJar(t *testing.T) string {
	t.Helper()
	jar := os.Getenv("LMS_HLS_CONVERTER_JAR")
	if jar == "" {
		jar = filepath.Join(repoRoot, "lambda-java", "converter", "target", "converter.jar")
	}
	abs, err := filepath.Abs(jar)
	require.NoError(t, err)
	_, err = os.Stat(abs)
	require.NoError(t, err, "the converter jar is missing: run `make build` (make integration does)")
	return abs
}

func readStack(t *testing.T, cfg aws.Config, opts *terraform.Options) *stack {
	ctx := context.Background()
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	require.NoError(t, err)

	s := &stack{
		account: aws.ToString(id.Account),
		// The names the pipeline derives (no fixed global names): <project>-<env>-input-<account>.
		inputBucket:  project + "-" + env.Name + "-input-" + aws.ToString(id.Account),
		outputBucket: project + "-" + env.Name + "-output-" + aws.ToString(id.Account),
		application:  project + "-" + env.Name,
		functionName: project + "-" + env.Name + "-converter",
		outputs:      terraform.OutputAll(t, opts),
	}
	// The outputs are what operators and CI read; they must name what the API has.
	for key, want := range map[string]string{
		"input_bucket_name":  s.inputBucket,
		"output_bucket_name": s.outputBucket,
		"function_name":      s.functionName,
		"application":        s.application,
		"input_bucket_arn":   "arn:aws:s3:::" + s.inputBucket,
		"output_bucket_arn":  "arn:aws:s3:::" + s.outputBucket,
	} {
		require.Equal(t, want, s.outputs[key], "output %s", key)
	}

	s.function, err = lambda.NewFromConfig(cfg).GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: &s.functionName})
	require.NoError(t, err)
	require.Equal(t, s.outputs["function_arn"], aws.ToString(s.function.Configuration.FunctionArn))

	// S3 invokes the alias; it must name a published version, never $LATEST.
	s.alias, err = lambda.NewFromConfig(cfg).GetAlias(ctx, &lambda.GetAliasInput{FunctionName: &s.functionName, Name: aws.String(aliasName)})
	require.NoError(t, err, "alias %q of %s", aliasName, s.functionName)
	require.Equal(t, s.outputs["alias_arn"], aws.ToString(s.alias.AliasArn))
	require.Equal(t, s.outputs["published_version"], aws.ToString(s.alias.FunctionVersion))
	require.NotEqual(t, "$LATEST", aws.ToString(s.alias.FunctionVersion), "the alias must point at a published version")
	s.version, err = lambda.NewFromConfig(cfg).GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: &s.functionName, Qualifier: s.alias.FunctionVersion})
	require.NoError(t, err, "version %s of %s", aws.ToString(s.alias.FunctionVersion), s.functionName)

	// Follow the function's own wiring to the MediaConvert role, then read that role.
	mcArn := s.function.Configuration.Environment.Variables["MediaConvertRole"]
	require.Equal(t, s.outputs["mediaconvert_role_arn"], mcArn)
	role, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(roleName(mcArn))})
	require.NoError(t, err, "the role in MediaConvertRole does not exist")
	s.mediaConvertRole = role.Role
	return s
}

func roleName(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

func bucketArn(name string) string { return "arn:aws:s3:::" + name }

func s3Client(cfg aws.Config) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = !env.Real() })
}

// checkPrivateBucket asserts what both buckets share: they exist, public access is
// blocked, ACLs are off, default encryption is on, plain HTTP is denied, incomplete
// multipart uploads are aborted.
func checkPrivateBucket(t *testing.T, cfg aws.Config, bucket string) *s3.Client {
	ctx := context.Background()
	client := s3Client(cfg)

	_, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &bucket})
	require.NoError(t, err, "bucket %s", bucket)

	pab, err := client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: &bucket})
	require.NoError(t, err)
	c := pab.PublicAccessBlockConfiguration
	assert.True(t, aws.ToBool(c.BlockPublicAcls), "BlockPublicAcls")
	assert.True(t, aws.ToBool(c.BlockPublicPolicy), "BlockPublicPolicy")
	assert.True(t, aws.ToBool(c.IgnorePublicAcls), "IgnorePublicAcls")
	assert.True(t, aws.ToBool(c.RestrictPublicBuckets), "RestrictPublicBuckets")

	own, err := client.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: &bucket})
	require.NoError(t, err)
	require.Len(t, own.OwnershipControls.Rules, 1)
	assert.Equal(t, s3types.ObjectOwnershipBucketOwnerEnforced, own.OwnershipControls.Rules[0].ObjectOwnership)

	enc, err := client.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: &bucket})
	require.NoError(t, err)
	require.NotEmpty(t, enc.ServerSideEncryptionConfiguration.Rules)
	// The emulator root sets no KMS key, so SSE-S3.
	assert.Equal(t, s3types.ServerSideEncryptionAes256,
		enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm)

	pol, err := client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &bucket})
	require.NoError(t, err)
	doc := parsePolicy(t, aws.ToString(pol.Policy))
	arn := bucketArn(bucket)
	tlsDeny := slices.ContainsFunc(doc.Statement, func(s statement) bool {
		return s.Effect == "Deny" && s.Principal != nil && s.Principal.Everyone &&
			slices.Contains(s.Action, "s3:*") &&
			slices.Contains(s.Resource, arn) && slices.Contains(s.Resource, arn+"/*") &&
			slices.Equal(s.Condition["Bool"]["aws:SecureTransport"], stringList{"false"})
	})
	assert.True(t, tlsDeny, "no statement denies s3:* on %s and its objects when aws:SecureTransport is false: %v", bucket, doc.Statement)
	for _, s := range doc.Statement {
		if !strings.Contains(bucket, "-output-") || s.Sid != cloudFrontReadSid {
			assert.Equal(t, "Deny", s.Effect, "the bucket policy only denies (besides CloudFront's read of the output bucket); grants belong to roles: %v", s)
		}
	}

	lc, err := client.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: &bucket})
	require.NoError(t, err)
	aborts := slices.ContainsFunc(lc.Rules, func(r s3types.LifecycleRule) bool {
		return r.Status == s3types.ExpirationStatusEnabled && r.AbortIncompleteMultipartUpload != nil &&
			aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation) > 0
	})
	assert.True(t, aborts, "no enabled lifecycle rule aborts incomplete multipart uploads")
	return client
}

func checkInputBucket(t *testing.T, cfg aws.Config, s *stack) {
	client := checkPrivateBucket(t, cfg, s.inputBucket)
	v, err := client.GetBucketVersioning(context.Background(), &s3.GetBucketVersioningInput{Bucket: &s.inputBucket})
	require.NoError(t, err)
	assert.Equal(t, s3types.BucketVersioningStatusEnabled, v.Status, "uploads are versioned")
}

func checkOutputBucket(t *testing.T, cfg aws.Config, s *stack) {
	client := checkPrivateBucket(t, cfg, s.outputBucket)
	cors, err := client.GetBucketCors(context.Background(), &s3.GetBucketCorsInput{Bucket: &s.outputBucket})
	require.NoError(t, err)
	require.Len(t, cors.CORSRules, 1)
	r := cors.CORSRules[0]
	assert.ElementsMatch(t, []string{"GET", "HEAD"}, r.AllowedMethods, "players only read")
	assert.NotEmpty(t, r.AllowedOrigins)
}

// expectedSuffixes reads the one list of video suffixes and the caption fragment's
// suffixes (a caption uploaded after its video starts a new job); S3 filters are
// case-sensitive, so each is registered in lower and upper case.
func expectedSuffixes(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join(repoRoot, "job-templates", "video-suffixes.json"))
	require.NoError(t, err)
	var f struct{ Suffixes []string }
	require.NoError(t, json.Unmarshal(b, &f))
	require.NotEmpty(t, f.Suffixes)
	b, err = os.ReadFile(filepath.Join(repoRoot, "job-templates", "hls-captions.json"))
	require.NoError(t, err)
	var c struct{ Formats map[string]string }
	require.NoError(t, json.Unmarshal(b, &c))
	require.NotEmpty(t, c.Formats)
	all := f.Suffixes
	for sfx := range c.Formats {
		all = append(all, sfx)
	}
	var out []string
	for _, sfx := range all {
		for _, v := range []string{strings.ToLower(sfx), strings.ToUpper(sfx)} {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

func checkNotification(t *testing.T, cfg aws.Config, s *stack) {
	n, err := s3Client(cfg).GetBucketNotificationConfiguration(context.Background(),
		&s3.GetBucketNotificationConfigurationInput{Bucket: &s.inputBucket})
	require.NoError(t, err)
	assert.Empty(t, n.TopicConfigurations)
	assert.Empty(t, n.QueueConfigurations)

	// The alias, not the function: an unqualified ARN would run $LATEST, without SnapStart.
	fnArn := aws.ToString(s.alias.AliasArn)
	var suffixes []string
	for _, c := range n.LambdaFunctionConfigurations {
		assert.Equal(t, fnArn, aws.ToString(c.LambdaFunctionArn))
		assert.Equal(t, []s3types.Event{"s3:ObjectCreated:*"}, c.Events)
		require.NotNil(t, c.Filter, "configuration %s has no filter: every object would start a job", aws.ToString(c.Id))
		require.Len(t, c.Filter.Key.FilterRules, 1, "one suffix rule per configuration")
		rule := c.Filter.Key.FilterRules[0]
		assert.Equal(t, "suffix", strings.ToLower(string(rule.Name)))
		suffixes = append(suffixes, aws.ToString(rule.Value))
	}
	assert.ElementsMatch(t, expectedSuffixes(t), suffixes)

	// S3 may invoke the alias only from this bucket in this account. A grant on the
	// unqualified function would not cover the alias: Lambda keeps one policy per qualifier.
	pol, err := lambda.NewFromConfig(cfg).GetPolicy(context.Background(), &lambda.GetPolicyInput{FunctionName: &s.functionName, Qualifier: aws.String(aliasName)})
	require.NoError(t, err)
	doc := parsePolicy(t, aws.ToString(pol.Policy))
	grants := doc.allows("lambda:InvokeFunction")
	require.Len(t, grants, 1, "invoke grants: %v", doc.Statement)
	g := grants[0]
	require.NotNil(t, g.Principal)
	assert.Equal(t, stringList{"s3.amazonaws.com"}, g.Principal.Service)
	assert.Equal(t, stringList{bucketArn(s.inputBucket)}, conditionValue(g, "AWS:SourceArn"))
	assert.Equal(t, stringList{s.account}, conditionValue(g, "AWS:SourceAccount"))
}

// conditionValue finds a condition key under any operator (ArnLike, StringEquals...);
// condition keys are case-insensitive.
func conditionValue(s statement, key string) stringList {
	for _, keys := range s.Condition {
		for k, v := range keys {
			if strings.EqualFold(k, key) {
				return v
			}
		}
	}
	return nil
}

func checkFunction(t *testing.T, cfg aws.Config, s *stack, jar string) {
	c := s.function.Configuration
	assert.Equal(t, runtime, c.Runtime)
	assert.Equal(t, handler, aws.ToString(c.Handler))
	assert.Equal(t, s.outputs["lambda_role_arn"], aws.ToString(c.Role))

	require.NotNil(t, c.Environment)
	assert.Equal(t, map[string]string{
		"DestinationBucket":      s.outputBucket,
		"MediaConvertRole":       aws.ToString(s.mediaConvertRole.Arn),
		"Application":            s.application,
		"DefaultCaptionLanguage": "en",
	}, c.Environment.Variables, "exactly the variables the converter reads")

	// The code Lambda runs is the jar make build wrote, byte for byte.
	b, err := os.ReadFile(jar)
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	assert.Equal(t, base64.StdEncoding.EncodeToString(sum[:]), aws.ToString(c.CodeSha256))
	assert.Equal(t, int64(len(b)), c.CodeSize)
}

// checkSnapStartAlias: the version the alias names was published from this jar with
// SnapStart on published versions.
func checkSnapStartAlias(t *testing.T, s *stack, jar string) {
	if env.Real() {
		for name, c := range map[string]*lambda.GetFunctionOutput{"function": s.function, "version": s.version} {
			require.NotNil(t, c.Configuration.SnapStart, "%s: no SnapStart settings returned", name)
			assert.Equal(t, "PublishedVersions", string(c.Configuration.SnapStart.ApplyOn), "%s: SnapStart apply_on", name)
		}
	} else {
		// moto 5.2.1 reads SnapStart back as None whatever was sent, so the emulator root
		// turns it off there; terraform test covers the setting, a real account the rest.
		t.Log("moto keeps no SnapStart setting: apply_on checked by terraform test and against a real account only")
	}
	assert.Equal(t, aws.ToString(s.alias.FunctionVersion), aws.ToString(s.version.Configuration.Version))
	b, err := os.ReadFile(jar)
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	assert.Equal(t, base64.StdEncoding.EncodeToString(sum[:]), aws.ToString(s.version.Configuration.CodeSha256), "the published version runs the jar")
	assert.Equal(t, aws.ToString(s.function.Configuration.FunctionArn)+":"+aws.ToString(s.alias.FunctionVersion), aws.ToString(s.version.Configuration.FunctionArn))
}

// copyFile writes src's bytes to dst (replacing it).
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(dst, b, 0o644))
}

func checkFailureDestination(t *testing.T, cfg aws.Config, s *stack) {
	ctx := context.Background()
	attrs, err := sqs.NewFromConfig(cfg).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(s.outputs["failure_queue_url"].(string)),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll},
	})
	require.NoError(t, err)
	queueArn := attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	assert.Equal(t, s.outputs["failure_queue_arn"], queueArn)
	encrypted := attrs.Attributes[string(sqstypes.QueueAttributeNameSqsManagedSseEnabled)] == "true" ||
		attrs.Attributes[string(sqstypes.QueueAttributeNameKmsMasterKeyId)] != ""
	assert.True(t, encrypted, "the failure queue holds event payloads (object keys): encrypted at rest; attributes %v", attrs.Attributes)

	// On the alias: asynchronous settings are per qualifier, and S3 invokes the alias.
	cfgOut, err := lambda.NewFromConfig(cfg).GetFunctionEventInvokeConfig(ctx,
		&lambda.GetFunctionEventInvokeConfigInput{FunctionName: &s.functionName, Qualifier: aws.String(aliasName)})
	require.NoError(t, err)
	require.NotNil(t, cfgOut.DestinationConfig)
	require.NotNil(t, cfgOut.DestinationConfig.OnFailure)
	assert.Equal(t, queueArn, aws.ToString(cfgOut.DestinationConfig.OnFailure.Destination))
	require.NotNil(t, cfgOut.MaximumRetryAttempts)
	assert.LessOrEqual(t, *cfgOut.MaximumRetryAttempts, int32(2), "retries are bounded")
}

func checkLogGroup(t *testing.T, cfg aws.Config, s *stack) {
	name := "/aws/lambda/" + s.functionName
	out, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(context.Background(),
		&cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: &name})
	require.NoError(t, err)
	require.Len(t, out.LogGroups, 1)
	assert.Equal(t, name, aws.ToString(out.LogGroups[0].LogGroupName))
	assert.Equal(t, s.outputs["log_group_name"], name)
	// The emulator root keeps logs one day; never the default "forever".
	assert.Equal(t, int32(1), aws.ToInt32(out.LogGroups[0].RetentionInDays))
}

// trustedService asserts a trust policy of exactly one statement: service may assume the role.
func trustedService(t *testing.T, role *iamtypes.Role, service string) statement {
	doc := parsePolicy(t, aws.ToString(role.AssumeRolePolicyDocument))
	require.Len(t, doc.Statement, 1, "trust policy of %s: %v", aws.ToString(role.RoleName), doc.Statement)
	s := doc.Statement[0]
	assert.Equal(t, "Allow", s.Effect)
	require.NotNil(t, s.Principal)
	assert.False(t, s.Principal.Everyone)
	assert.Empty(t, s.Principal.AWS, "no account or user principals")
	assert.Equal(t, stringList{service}, s.Principal.Service)
	assert.Equal(t, stringList{"sts:AssumeRole"}, s.Action)
	return s
}

// noWildcardActions: every granted action names one service and one action.
func noWildcardActions(t *testing.T, doc policyDocument) {
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		for _, a := range s.Action {
			assert.NotContains(t, a, "*", "wildcard action in %v", s)
		}
	}
}

func checkLambdaRole(t *testing.T, cfg aws.Config, s *stack) {
	client := iam.NewFromConfig(cfg)
	name := roleName(aws.ToString(s.function.Configuration.Role))
	role, err := client.GetRole(context.Background(), &iam.GetRoleInput{RoleName: &name})
	require.NoError(t, err)
	trustedService(t, role.Role, lambdaService)

	docs := rolePolicies(t, client, name)
	sameJSON(t, s.outputs["lambda_role_policy_json"], docs["inline:converter"], "the execution role's inline policy in IAM differs from the one Terraform built")
	doc := merged(docs)
	noWildcardActions(t, doc)
	for _, st := range doc.Statement {
		assertIAMDefines(t, "converter role "+st.Sid, st.Action...)
	}

	// PassRole: only the MediaConvert role, and only to MediaConvert.
	mcArn := aws.ToString(s.mediaConvertRole.Arn)
	pass := doc.allows("iam:PassRole")
	require.NotEmpty(t, pass, "the converter cannot hand the MediaConvert role to CreateJob")
	for _, p := range pass {
		assert.Equal(t, stringList{mcArn}, p.Resource, "PassRole beyond the MediaConvert role: %v", p)
		assert.Equal(t, stringList{mediaConvert}, p.Condition["StringEquals"]["iam:PassedToService"],
			"PassRole without iam:PassedToService=%s: %v", mediaConvert, p)
	}

	assert.NotEmpty(t, doc.allows("mediaconvert:CreateJob"), "the converter cannot submit jobs")
	for _, g := range doc.allows("mediaconvert:CreateJob") {
		for _, r := range g.Resource {
			assert.True(t, strings.HasPrefix(r, "arn:aws:mediaconvert:"+env.Region+":"+s.account+":"), "CreateJob on %s", r)
		}
	}

	// Caption files: ListBucket on the input bucket, only with a prefix; no object access.
	list := doc.allows("s3:ListBucket")
	require.Len(t, list, 1, "the converter cannot look for caption files")
	assert.Equal(t, stringList{bucketArn(s.inputBucket)}, list[0].Resource, "ListBucket beyond the input bucket")
	assert.Equal(t, stringList{"?*"}, list[0].Condition["StringLike"]["s3:prefix"], "ListBucket without a prefix")

	logs := doc.allows("logs:PutLogEvents")
	require.NotEmpty(t, logs, "the converter cannot write its logs")
	for _, g := range logs {
		for _, r := range g.Resource {
			assert.Contains(t, r, ":log-group:/aws/lambda/"+s.functionName+":", "logs beyond its own group: %s", r)
		}
	}

	queueArn := s.outputs["failure_queue_arn"].(string)
	send := doc.allows("sqs:SendMessage")
	require.NotEmpty(t, send, "Lambda cannot deliver failed events to the queue")
	for _, g := range send {
		assert.Equal(t, stringList{queueArn}, g.Resource)
	}

	// The bucket objects: it reads uploads (HeadObject for the title, Probe) and writes each
	// asset's lecture.json, nothing else; MediaConvert reads and writes the media itself.
	get := doc.allows("s3:GetObject")
	require.Len(t, get, 1, "the converter cannot read an upload's title")
	assert.Equal(t, stringList{bucketArn(s.inputBucket) + "/*"}, get[0].Resource, "GetObject beyond the input bucket")
	put := doc.allows("s3:PutObject")
	require.Len(t, put, 1, "the converter cannot write lecture.json")
	assert.Equal(t, stringList{bucketArn(s.outputBucket) + "/assets/*/lecture.json"}, put[0].Resource, "PutObject beyond lecture.json")
	assert.True(t, doc.permits("mediaconvert:ListJobs", "arn:aws:mediaconvert:"+env.Region+":"+s.account+":queues/Default"), "ListJobs on the Default queue")
	assert.True(t, doc.permits("mediaconvert:GetJob", "arn:aws:mediaconvert:"+env.Region+":"+s.account+":jobs/1764583180123-abc123"), "GetJob")
	probe := doc.allows("mediaconvert:Probe")
	require.Len(t, probe, 1, "the converter cannot probe uploads")
	assert.Equal(t, stringList{"*"}, probe[0].Resource, "Probe has no resource type in IAM")
}

func checkMediaConvertRole(t *testing.T, cfg aws.Config, s *stack) {
	client := iam.NewFromConfig(cfg)
	trust := trustedService(t, s.mediaConvertRole, mediaConvert)
	assert.Equal(t, stringList{s.account}, trust.Condition["StringEquals"]["aws:SourceAccount"],
		"confused-deputy guard: only this account's jobs may use the role")

	docs := rolePolicies(t, client, aws.ToString(s.mediaConvertRole.RoleName))
	sameJSON(t, s.outputs["mediaconvert_role_policy_json"], docs["inline:media-io"], "the MediaConvert role's inline policy in IAM differs from the one Terraform built")
	doc := merged(docs)
	noWildcardActions(t, doc)

	// Read uploads, write assets, nothing else (no KMS key in the emulator root).
	var actions []string
	for _, st := range doc.Statement {
		if st.Effect == "Allow" {
			actions = append(actions, st.Action...)
		}
	}
	assert.ElementsMatch(t, []string{"s3:GetObject", "s3:PutObject"}, actions)
	for _, g := range doc.allows("s3:GetObject") {
		for _, r := range g.Resource {
			assert.True(t, strings.HasPrefix(r, bucketArn(s.inputBucket)+"/"), "GetObject outside the input bucket: %s", r)
		}
	}
	for _, g := range doc.allows("s3:PutObject") {
		for _, r := range g.Resource {
			assert.True(t, strings.HasPrefix(r, bucketArn(s.outputBucket)+"/"), "PutObject outside the output bucket: %s", r)
		}
	}
}

// sameJSON compares a policy Terraform built (an output, JSON text) with one read back
// from the API (already parsed), as JSON values: key order and layout do not matter.
func sameJSON(t *testing.T, built any, got policyDocument, msg string) {
	t.Helper()
	text, ok := built.(string)
	require.True(t, ok, "policy output missing or not a string: %v", built)
	want := parsePolicy(t, text)
	assert.Equal(t, want, got, msg)
}

// checkGone asks the API, not the state, whether the stack is really deleted.
func checkGone(t *testing.T, cfg aws.Config, s *stack) {
	ctx := context.Background()
	for _, b := range []string{s.inputBucket, s.outputBucket} {
		_, err := s3Client(cfg).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b)})
		var nf *s3types.NotFound
		assert.True(t, errors.As(err, &nf), "bucket %s still answers after destroy: %v", b, err)
	}
	_, err := lambda.NewFromConfig(cfg).GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: &s.functionName})
	var fnf *lambdatypes.ResourceNotFoundException
	assert.True(t, errors.As(err, &fnf), "function still exists after destroy: %v", err)
	for _, arn := range []string{aws.ToString(s.function.Configuration.Role), aws.ToString(s.mediaConvertRole.Arn)} {
		_, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(roleName(arn))})
		var nse *iamtypes.NoSuchEntityException
		assert.True(t, errors.As(err, &nse), "role %s still exists after destroy: %v", arn, err)
	}
	checkDeliveryGone(t, cfg, s)
}
