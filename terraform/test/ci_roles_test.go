package test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The CI roles of terraform/ci-roles (documented in this folder's README) are checked here
// without AWS: their JSON is parsed and evaluated against what the S3 backend with
// use_lockfile needs and what Terraform calls for every resource type the modules declare.

// accountVar is how the policies name the account: an IAM policy variable, so the files
// work in any account unchanged.
const accountVar = "${aws:PrincipalAccount}"

// need is one API permission on one resource ARN.
type need struct {
	action, resource string
	// scope says how the grant is kept to one environment where the ARN cannot say it:
	// scopeName (the ARN holds the environment's name), scopeTag (the service names the
	// resource by a generated ID, the grant is conditioned on the Environment tag) or
	// scopeAccount (generated ID and no tag condition the service evaluates for every
	// call Terraform makes: the grant covers that resource type in the whole account).
	scope scope
}

type scope int

const (
	scopeName scope = iota
	scopeTag
	scopeAccount
)

// withoutResourceLevel are the actions the modules need that IAM evaluates only against
// Resource "*" (Service Authorization Reference: no resource type for the action), so
// a statement granting them cannot name an ARN.
var withoutResourceLevel = []string{
	"cloudfront:GetPublicKey", "cloudfront:CreatePublicKey", "cloudfront:UpdatePublicKey", "cloudfront:DeletePublicKey",
	"cloudfront:GetKeyGroup", "cloudfront:CreateKeyGroup", "cloudfront:UpdateKeyGroup", "cloudfront:DeleteKeyGroup",
	"sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:Unsubscribe",
	"kms:CreateKey", "kms:ListAliases",
	// Tags given to CreateKey: no key exists yet; the statement requires the request's
	// Environment tag and no existing tag.
	"kms:TagResource",
}

// deployment is what one environment root says about itself.
type deployment struct {
	env, region, stateBucket, stateKey, inputBucket, outputBucket string
	// loggingBucket: CloudFront standard logging's bucket (cloudfront_logging_bucket_domain_name);
	// kmsKeyArn: the buckets' SSE-KMS key; both empty when unset.
	loggingBucket, kmsKeyArn string
	forceDestroy             bool
}

// Names a root derives when its tfvars leave them unset: S3 names are global, so they carry
// the account (as IAM's policy variable here, as the account id in Terraform: modules/pipeline
// and scripts/tf-state-bucket.sh), and no second team or fork collides.
func derivedBucket(env, role string) string {
	return project + "-" + env + "-" + role + "-" + accountVar
}

const derivedStateBucket = project + "-tfstate-" + accountVar

// settings reads `name = "value"` lines of a tfvars or tfbackend file ("null" reads as unset).
func settings(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	out := map[string]string{}
	re := regexp.MustCompile(`(?m)^\s*([a-z_]+)\s*=\s*"?([^"\n]*?)"?\s*$`)
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		if m[2] != "null" {
			out[m[1]] = m[2]
		}
	}
	return out
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func readDeployment(t *testing.T, env string) deployment {
	t.Helper()
	root := filepath.Join(repoRoot, "terraform", "environments", env)
	vars := settings(t, filepath.Join(root, "terraform.tfvars"))
	backend := settings(t, filepath.Join(root, env+".s3.tfbackend"))
	d := deployment{
		env: env, region: vars["region"], stateBucket: orDefault(backend["bucket"], derivedStateBucket), stateKey: backend["key"],
		inputBucket:   orDefault(vars["input_bucket_name"], derivedBucket(env, "input")),
		outputBucket:  orDefault(vars["output_bucket_name"], derivedBucket(env, "output")),
		loggingBucket: strings.TrimSuffix(vars["cloudfront_logging_bucket_domain_name"], ".s3.amazonaws.com"),
		kmsKeyArn:     vars["kms_key_arn"],
		forceDestroy:  vars["force_destroy"] == "true",
	}
	for name, v := range map[string]string{"region": d.region, "key": d.stateKey} {
		require.NotEmpty(t, v, "%s: %s not found in terraform.tfvars / %s.s3.tfbackend", env, name, env)
	}
	return d
}

func (d deployment) name() string { return project + "-" + d.env }

// stackNeeds lists, per resource or data source type, what Terraform calls to read it
// (refresh: plan and apply) and to create, change or delete it (apply only). A type the
// modules declare without an entry here fails TestCIRolesCoverEveryResourceType.
func stackNeeds(d deployment) (read, write map[string][]need) {
	buckets := []string{"arn:aws:s3:::" + d.inputBucket, "arn:aws:s3:::" + d.outputBucket}
	fn := fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s-converter", d.region, accountVar, d.name())
	lambdaRole := fmt.Sprintf("arn:aws:iam::%s:role/%s-converter", accountVar, d.name())
	mcRole := fmt.Sprintf("arn:aws:iam::%s:role/%s-mediaconvert", accountVar, d.name())
	logGroup := fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/aws/lambda/%s-converter", d.region, accountVar, d.name())
	queue := fmt.Sprintf("arn:aws:sqs:%s:%s:%s-converter-failures", d.region, accountVar, d.name())

	scoped := func(sc scope, resources []string, actions ...string) []need {
		var out []need
		for _, r := range resources {
			for _, a := range actions {
				out = append(out, need{a, r, sc})
			}
		}
		return out
	}
	on := func(resources []string, actions ...string) []need { return scoped(scopeName, resources, actions...) }
	one := func(r string) []string { return []string{r} }
	roles := []string{lambdaRole, mcRole}
	fnAndAlias := []string{fn, fn + ":live"}

	// delivery: CloudFront names everything by a generated ID (examples here); public keys
	// and key groups have no ARN IAM evaluates at all.
	cf := func(kind, id string) []string {
		return one(fmt.Sprintf("arn:aws:cloudfront::%s:%s/%s", accountVar, kind, id))
	}
	distribution := cf("distribution", "E2EXAMPLE1")
	oac := cf("origin-access-control", "E2EXAMPLE2")
	cachePolicy := cf("cache-policy", "0c1e2d3f-0000-4000-8000-000000000001")
	headersPolicy := cf("response-headers-policy", "0c1e2d3f-0000-4000-8000-000000000002")
	anything := one("*")
	// notifications
	rule := one(fmt.Sprintf("arn:aws:events:%s:%s:rule/%s-job-state", d.region, accountVar, d.name()))
	topic := fmt.Sprintf("arn:aws:sns:%s:%s:%s-jobs", d.region, accountVar, d.name())
	kmsKey := one(fmt.Sprintf("arn:aws:kms:%s:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab", d.region, accountVar))
	kmsAlias := fmt.Sprintf("arn:aws:kms:%s:%s:alias/%s-notifications", d.region, accountVar, d.name())
	lmsQueues := []string{
		fmt.Sprintf("arn:aws:sqs:%s:%s:%s-job-events", d.region, accountVar, d.name()),
		fmt.Sprintf("arn:aws:sqs:%s:%s:%s-job-events-dlq", d.region, accountVar, d.name()),
	}
	alarms := []string{
		fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s-converter-errors", d.region, accountVar, d.name()),
		fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s-mediaconvert-errors-Default", d.region, accountVar, d.name()),
	}
	// The player page's files in the output bucket (delivery module, page_prefix).
	pageObjects := []string{buckets[1] + "/player/index.html", buckets[1] + "/player/config.json"}

	read = map[string][]need{
		"aws_caller_identity": nil, // sts:GetCallerIdentity needs no permission
		"aws_partition":       nil,
		"aws_region":          nil,
		"aws_s3_bucket": on(buckets, "s3:ListBucket", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite",
			"s3:GetBucketVersioning", "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketLogging",
			"s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration",
			"s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging", "s3:GetBucketPolicy"),
		"aws_s3_bucket_public_access_block":                  on(buckets, "s3:GetBucketPublicAccessBlock"),
		"aws_s3_bucket_ownership_controls":                   on(buckets, "s3:GetBucketOwnershipControls"),
		"aws_s3_bucket_server_side_encryption_configuration": on(buckets, "s3:GetEncryptionConfiguration"),
		"aws_s3_bucket_policy":                               on(buckets, "s3:GetBucketPolicy"),
		"aws_s3_bucket_versioning":                           on(buckets[:1], "s3:GetBucketVersioning"),
		"aws_s3_bucket_lifecycle_configuration":              on(buckets, "s3:GetLifecycleConfiguration"),
		"aws_s3_bucket_cors_configuration":                   on(buckets[1:], "s3:GetBucketCORS"),
		"aws_s3_bucket_notification":                         on(buckets[:1], "s3:GetBucketNotification"),
		"aws_iam_role":                                       on(roles, "iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"),
		"aws_iam_role_policy":                                on(roles, "iam:GetRolePolicy"),
		"aws_lambda_function": on(one(fn), "lambda:GetFunction", "lambda:GetFunctionCodeSigningConfig",
			"lambda:ListVersionsByFunction", "lambda:GetRuntimeManagementConfig", "lambda:ListTags"),
		"aws_lambda_alias":                        on(one(fn+":live"), "lambda:GetAlias"),
		"aws_lambda_permission":                   on(fnAndAlias, "lambda:GetPolicy"),
		"aws_lambda_function_event_invoke_config": on(fnAndAlias, "lambda:GetFunctionEventInvokeConfig"),
		"aws_cloudwatch_log_group": append(
			on(one(fmt.Sprintf("arn:aws:logs:%s:%s:log-group:*", d.region, accountVar)), "logs:DescribeLogGroups"),
			on(one(logGroup), "logs:ListTagsForResource")...),
		"aws_sqs_queue": on(append([]string{queue}, lmsQueues...), "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"),

		"aws_cloudfront_distribution":            scoped(scopeAccount, distribution, "cloudfront:GetDistribution", "cloudfront:ListTagsForResource"),
		"aws_cloudfront_origin_access_control":   scoped(scopeAccount, oac, "cloudfront:GetOriginAccessControl"),
		"aws_cloudfront_cache_policy":            scoped(scopeAccount, cachePolicy, "cloudfront:GetCachePolicy"),
		"aws_cloudfront_response_headers_policy": scoped(scopeAccount, headersPolicy, "cloudfront:GetResponseHeadersPolicy"),
		"aws_cloudfront_public_key":              scoped(scopeAccount, anything, "cloudfront:GetPublicKey"),
		"aws_cloudfront_key_group":               scoped(scopeAccount, anything, "cloudfront:GetKeyGroup"),
		"aws_s3_object":                          on(pageObjects, "s3:GetObject", "s3:GetObjectTagging"),

		"aws_cloudwatch_event_rule":   on(rule, "events:DescribeRule", "events:ListTagsForResource"),
		"aws_cloudwatch_event_target": on(rule, "events:ListTargetsByRule"),
		"aws_sns_topic":               on(one(topic), "sns:GetTopicAttributes", "sns:ListTagsForResource"),
		"aws_sns_topic_policy":        on(one(topic), "sns:GetTopicAttributes"),
		"aws_sns_topic_subscription":  scoped(scopeAccount, anything, "sns:GetSubscriptionAttributes"),
		"aws_kms_key": scoped(scopeTag, kmsKey, "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
			"kms:ListResourceTags"),
		"aws_kms_alias":                scoped(scopeAccount, anything, "kms:ListAliases"),
		"aws_sqs_queue_policy":         on(lmsQueues[:1], "sqs:GetQueueAttributes"),
		"aws_sqs_queue_redrive_policy": on(lmsQueues[:1], "sqs:GetQueueAttributes"),
		"aws_cloudwatch_metric_alarm":  on(alarms, "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"),
	}
	write = map[string][]need{
		"aws_s3_bucket":                     on(buckets, "s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketTagging"),
		"aws_s3_bucket_public_access_block": on(buckets, "s3:PutBucketPublicAccessBlock"),
		// The DeleteBucketOwnershipControls API is authorized by s3:PutBucketOwnershipControls
		// (IAM defines no s3:DeleteBucketOwnershipControls; TestCIRolesNameOnlyActionsIAMDefines).
		"aws_s3_bucket_ownership_controls":                   on(buckets, "s3:PutBucketOwnershipControls"),
		"aws_s3_bucket_server_side_encryption_configuration": on(buckets, "s3:PutEncryptionConfiguration"),
		"aws_s3_bucket_policy":                               on(buckets, "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"),
		"aws_s3_bucket_versioning":                           on(buckets[:1], "s3:PutBucketVersioning"),
		"aws_s3_bucket_lifecycle_configuration":              on(buckets, "s3:PutLifecycleConfiguration"),
		"aws_s3_bucket_cors_configuration":                   on(buckets[1:], "s3:PutBucketCORS"),
		"aws_s3_bucket_notification":                         on(buckets[:1], "s3:PutBucketNotification"),
		"aws_iam_role": on(roles, "iam:CreateRole", "iam:DeleteRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole",
			"iam:ListInstanceProfilesForRole"),
		"aws_iam_role_policy": on(roles, "iam:PutRolePolicy", "iam:DeleteRolePolicy"),
		"aws_lambda_function": append(on(one(fn), "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:UpdateFunctionCode",
			"lambda:UpdateFunctionConfiguration", "lambda:PublishVersion", "lambda:TagResource"),
			need{"iam:PassRole", lambdaRole, scopeName}),
		"aws_lambda_alias":                        on(one(fn+":live"), "lambda:CreateAlias", "lambda:UpdateAlias", "lambda:DeleteAlias"),
		"aws_lambda_permission":                   on(fnAndAlias, "lambda:AddPermission", "lambda:RemovePermission"),
		"aws_lambda_function_event_invoke_config": on(fnAndAlias, "lambda:PutFunctionEventInvokeConfig", "lambda:UpdateFunctionEventInvokeConfig", "lambda:DeleteFunctionEventInvokeConfig"),
		"aws_cloudwatch_log_group":                on(one(logGroup), "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:TagResource"),
		"aws_sqs_queue":                           on(append([]string{queue}, lmsQueues...), "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue"),

		// CreateDistributionWithTags needs both CreateDistribution and TagResource;
		// destroy disables the distribution (UpdateDistribution) before deleting it.
		"aws_cloudfront_distribution": scoped(scopeAccount, distribution, "cloudfront:CreateDistribution", "cloudfront:UpdateDistribution",
			"cloudfront:DeleteDistribution", "cloudfront:TagResource", "cloudfront:UntagResource"),
		"aws_cloudfront_origin_access_control": scoped(scopeAccount, oac, "cloudfront:CreateOriginAccessControl",
			"cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl"),
		"aws_cloudfront_cache_policy": scoped(scopeAccount, cachePolicy, "cloudfront:CreateCachePolicy", "cloudfront:UpdateCachePolicy",
			"cloudfront:DeleteCachePolicy"),
		"aws_cloudfront_response_headers_policy": scoped(scopeAccount, headersPolicy, "cloudfront:CreateResponseHeadersPolicy",
			"cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy"),
		"aws_cloudfront_public_key": scoped(scopeAccount, anything, "cloudfront:CreatePublicKey", "cloudfront:UpdatePublicKey",
			"cloudfront:DeletePublicKey"),
		"aws_cloudfront_key_group": scoped(scopeAccount, anything, "cloudfront:CreateKeyGroup", "cloudfront:UpdateKeyGroup",
			"cloudfront:DeleteKeyGroup"),
		// The provider sends default_tags with PutObject and deletes every version of a key.
		"aws_s3_object": append(on(pageObjects, "s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject", "s3:DeleteObjectVersion"),
			on(buckets[1:], "s3:ListBucketVersions")...),

		"aws_cloudwatch_event_rule": on(rule, "events:PutRule", "events:DeleteRule", "events:TagResource",
			"events:UntagResource"),
		"aws_cloudwatch_event_target": on(rule, "events:PutTargets", "events:RemoveTargets"),
		"aws_sns_topic": on(one(topic), "sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource",
			"sns:UntagResource"),
		"aws_sns_topic_policy": on(one(topic), "sns:SetTopicAttributes"),
		"aws_sns_topic_subscription": append(on(one(topic), "sns:Subscribe"),
			scoped(scopeAccount, anything, "sns:SetSubscriptionAttributes", "sns:Unsubscribe")...),
		"aws_kms_key": append(scoped(scopeTag, kmsKey, "kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:DisableKeyRotation",
			"kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource"),
			scoped(scopeTag, anything, "kms:CreateKey")...),
		// CreateAlias and DeleteAlias are authorised on the alias and on its key.
		"aws_kms_alias": append(on(one(kmsAlias), "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"),
			scoped(scopeTag, kmsKey, "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias")...),
		"aws_sqs_queue_policy":         on(lmsQueues[:1], "sqs:SetQueueAttributes"),
		"aws_sqs_queue_redrive_policy": on(lmsQueues[:1], "sqs:SetQueueAttributes"),
		"aws_cloudwatch_metric_alarm": on(alarms, "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource",
			"cloudwatch:UntagResource"),
	}
	if d.forceDestroy {
		// force_destroy empties a bucket (every version) before deleting it.
		write["aws_s3_bucket"] = append(write["aws_s3_bucket"], on(buckets, "s3:ListBucketVersions")...)
		write["aws_s3_bucket"] = append(write["aws_s3_bucket"],
			on([]string{buckets[0] + "/lecture.mp4", buckets[1] + "/assets/x/HLS/x.m3u8"}, "s3:DeleteObject", "s3:DeleteObjectVersion")...)
	}
	return read, write
}

// globMatch matches IAM's '*' and '?' wildcards; fold for action names.
func globMatch(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	return regexp.MustCompile(re).MatchString(s)
}

// permits evaluates a policy for one request as IAM does for identity policies, minus
// conditions (taken as met): some Allow matches and no Deny does.
func (d policyDocument) permits(action, resource string) bool {
	allowed := false
	for _, s := range d.Statement {
		matches := slices.ContainsFunc(s.Action, func(a string) bool { return globMatch(a, action, true) }) &&
			slices.ContainsFunc(s.Resource, func(r string) bool { return globMatch(r, resource, false) })
		if !matches {
			continue
		}
		if s.Effect == "Deny" {
			return false
		}
		allowed = allowed || s.Effect == "Allow"
	}
	return allowed
}

func readRoleDoc(t *testing.T, file string) policyDocument {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "terraform", "ci-roles", file))
	require.NoError(t, err)
	return parsePolicy(t, string(b))
}

var environments = []string{"dev", "prod"}

func TestCIRolesHoldWhatTheS3BackendNeeds(t *testing.T) {
	t.Parallel()
	for _, env := range environments {
		d := readDeployment(t, env)
		bucket := "arn:aws:s3:::" + d.stateBucket
		state := bucket + "/" + d.stateKey
		lock := state + ".tflock"
		plan, apply := readRoleDoc(t, "plan-"+env+".policy.json"), readRoleDoc(t, "apply-"+env+".policy.json")

		// init and plan: list the bucket, read the state. Plans run with -lock=false.
		for _, doc := range map[string]policyDocument{"plan": plan, "apply": apply} {
			assert.True(t, doc.permits("s3:ListBucket", bucket), "%s: s3:ListBucket on the state bucket", env)
			assert.True(t, doc.permits("s3:GetObject", state), "%s: s3:GetObject on the state", env)
		}
		// apply: write the state; with use_lockfile create, read and delete <key>.tflock.
		for _, a := range []string{"s3:PutObject"} {
			assert.True(t, apply.permits(a, state), "%s apply: %s on the state", env, a)
		}
		for _, a := range []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"} {
			assert.True(t, apply.permits(a, lock), "%s apply: %s on %s", env, a, lock)
		}
		// The plan role writes nothing, not even the lock.
		for _, a := range []string{"s3:PutObject", "s3:DeleteObject"} {
			assert.False(t, plan.permits(a, state), "%s plan: %s on the state", env, a)
			assert.False(t, plan.permits(a, lock), "%s plan: %s on the lock", env, a)
		}
		// Nothing of the other environment's state.
		for _, other := range environments {
			if other == env {
				continue
			}
			o := readDeployment(t, other)
			otherState := "arn:aws:s3:::" + o.stateBucket + "/" + o.stateKey
			for name, doc := range map[string]policyDocument{"plan": plan, "apply": apply} {
				for _, a := range []string{"s3:GetObject", "s3:PutObject"} {
					assert.False(t, doc.permits(a, otherState), "%s %s: %s on %s's state", env, name, a, other)
				}
			}
		}
	}
}

// declaredTypes are the resource and data source types in every module.
func declaredTypes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "terraform", "modules", "*", "*.tf"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	re := regexp.MustCompile(`(?m)^(?:resource|data)\s+"([a-z0-9_]+)"`)
	var types []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !slices.Contains(types, m[1]) {
				types = append(types, m[1])
			}
		}
	}
	slices.Sort(types)
	return types
}

func TestCIRolesCoverEveryResourceType(t *testing.T) {
	t.Parallel()
	for _, env := range environments {
		d := readDeployment(t, env)
		read, write := stackNeeds(d)
		plan, apply := readRoleDoc(t, "plan-"+env+".policy.json"), readRoleDoc(t, "apply-"+env+".policy.json")
		for _, typ := range declaredTypes(t) {
			needs, known := read[typ]
			require.True(t, known, "%s is declared in terraform/modules but the CI roles' needs for it are not listed in ci_roles_test.go (and maybe not granted in terraform/ci-roles)", typ)
			for _, n := range needs {
				assert.True(t, plan.permits(n.action, n.resource), "plan-%s cannot read %s: %s on %s", env, typ, n.action, n.resource)
				assert.True(t, apply.permits(n.action, n.resource), "apply-%s cannot read %s: %s on %s", env, typ, n.action, n.resource)
			}
			for _, n := range write[typ] {
				assert.True(t, apply.permits(n.action, n.resource), "apply-%s cannot manage %s: %s on %s", env, typ, n.action, n.resource)
				assert.False(t, plan.permits(n.action, n.resource), "plan-%s may change %s: %s on %s", env, typ, n.action, n.resource)
			}
		}
	}
}

func TestPlanRolesReadConfigurationNotData(t *testing.T) {
	t.Parallel()
	readOnly := regexp.MustCompile(`^[a-z0-9]+:(Get|List|Describe)[A-Za-z*]*$`)
	for _, env := range environments {
		d := readDeployment(t, env)
		plan := readRoleDoc(t, "plan-"+env+".policy.json")
		for _, s := range plan.Statement {
			for _, a := range s.Action {
				assert.Regexp(t, readOnly, a, "plan-%s %s: only Get/List/Describe actions", env, s.Sid)
			}
			onlyWhereNeeded(t, "plan-"+env, s)
		}
		// Object data, log lines and queued events stay out of reach.
		for _, b := range []string{d.inputBucket, d.outputBucket} {
			for _, a := range []string{"s3:GetObject", "s3:GetObjectVersion"} {
				assert.False(t, plan.permits(a, "arn:aws:s3:::"+b+"/lecture.mp4"), "plan-%s: %s on %s", env, a, b)
			}
		}
		logGroup := fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/aws/lambda/%s-converter:log-stream:x", d.region, accountVar, d.name())
		for _, a := range []string{"logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery"} {
			assert.False(t, plan.permits(a, logGroup), "plan-%s: %s", env, a)
		}
		// Media under assets/ stays out of reach; the plan role reads only the page's files.
		assert.False(t, plan.permits("s3:GetObject", "arn:aws:s3:::"+d.outputBucket+"/assets/x/HLS/x.m3u8"), "plan-%s: media objects", env)
		assert.False(t, plan.permits("sqs:ReceiveMessage", fmt.Sprintf("arn:aws:sqs:%s:%s:%s-job-events", d.region, accountVar, d.name())), "plan-%s: LMS queue messages", env)
		assert.False(t, plan.permits("sns:Publish", fmt.Sprintf("arn:aws:sns:%s:%s:%s-jobs", d.region, accountVar, d.name())), "plan-%s: publish", env)
		assert.False(t, plan.permits("kms:Decrypt", fmt.Sprintf("arn:aws:kms:%s:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab", d.region, accountVar)), "plan-%s: decrypt", env)
		assert.False(t, plan.permits("sqs:ReceiveMessage", fmt.Sprintf("arn:aws:sqs:%s:%s:%s-converter-failures", d.region, accountVar, d.name())))
	}
}

func TestApplyRolesStayInTheirEnvironment(t *testing.T) {
	t.Parallel()
	for _, env := range environments {
		apply := readRoleDoc(t, "apply-"+env+".policy.json")
		for _, s := range apply.Statement {
			onlyWhereNeeded(t, "apply-"+env, s)
			assert.NotContains(t, s.Action, "*", "apply-%s %s: no Action \"*\"", env, s.Sid)
			for _, a := range s.Action {
				assert.False(t, strings.HasSuffix(a, ":*"), "apply-%s %s: no service-wide %s", env, s.Sid, a)
			}
		}
		for _, other := range environments {
			if other == env {
				continue
			}
			_, write := stackNeeds(readDeployment(t, other))
			for typ, needs := range write {
				for _, n := range needs {
					switch n.scope {
					case scopeName:
						assert.False(t, apply.permits(n.action, n.resource), "apply-%s may change %s's %s: %s on %s", env, other, typ, n.action, n.resource)
					case scopeTag:
						// Same ARN shape in both environments: only the tag condition separates them.
						for _, s := range apply.Statement {
							if s.Effect == "Allow" && statementMatches(s, n.action, n.resource) {
								assert.True(t, tagConditioned(s, env), "apply-%s %s grants %s on %s without an Environment=%s tag condition", env, s.Sid, n.action, n.resource, env)
							}
						}
					case scopeAccount:
						// Documented in terraform/ci-roles/README.md: no way to tell the
						// environments apart for this type.
					}
				}
			}
		}
		// PassRole only for the converter's role, only to Lambda.
		grants := apply.allows("iam:PassRole")
		require.Len(t, grants, 1, "apply-%s: one PassRole grant", env)
		assert.Equal(t, stringList{"lambda.amazonaws.com"}, conditionValue(grants[0], "iam:PassedToService"))
		assert.False(t, apply.permits("iam:PassRole", fmt.Sprintf("arn:aws:iam::%s:role/%s-%s-mediaconvert", accountVar, project, env)))
	}
}

func statementMatches(s statement, action, resource string) bool {
	return slices.ContainsFunc(s.Action, func(a string) bool { return globMatch(a, action, true) }) &&
		slices.ContainsFunc(s.Resource, func(r string) bool { return globMatch(r, resource, false) })
}

// tagConditioned: the statement requires the resource's (or, for a create, the
// request's) Environment tag to be env.
func tagConditioned(s statement, env string) bool {
	for _, key := range []string{"aws:ResourceTag/Environment", "aws:RequestTag/Environment"} {
		if v := s.Condition["StringEquals"][key]; len(v) == 1 && v[0] == env {
			return true
		}
	}
	return false
}

// onlyWhereNeeded: Resource "*" only in statements whose every action has no resource
// type, and then kept to the environment by a tag condition where the action has one.
func onlyWhereNeeded(t *testing.T, role string, s statement) {
	t.Helper()
	if !slices.Contains(s.Resource, "*") {
		return
	}
	assert.Equal(t, stringList{"*"}, s.Resource, "%s %s: \"*\" next to ARNs", role, s.Sid)
	for _, a := range s.Action {
		assert.Contains(t, withoutResourceLevel, a, "%s %s: Resource \"*\" for %s, which takes an ARN", role, s.Sid, a)
	}
	if slices.Contains(s.Action, "kms:CreateKey") || slices.Contains(s.Action, "kms:TagResource") {
		env := strings.TrimPrefix(strings.TrimPrefix(role, "apply-"), "plan-")
		assert.True(t, tagConditioned(s, env), "%s %s: KMS create without an Environment=%s request tag condition", role, s.Sid, env)
		assert.Equal(t, stringList{"true"}, s.Condition["Null"]["aws:ResourceTag/Environment"], "%s %s: tagging must not reach keys that carry an Environment tag already", role, s.Sid)
	}
}

// The OIDC subjects each role trusts: pull requests may only plan dev; dev applies from
// the dev environment (GitHub limits it to main); prod plans and applies from its own
// protected environments only.
func TestCIRoleTrustSubjects(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"plan-dev":   {"repo:OWNER/REPO:pull_request", "repo:OWNER/REPO:ref:refs/heads/main"},
		"apply-dev":  {"repo:OWNER/REPO:environment:dev"},
		"plan-prod":  {"repo:OWNER/REPO:environment:prod-plan"},
		"apply-prod": {"repo:OWNER/REPO:environment:prod"},
	}
	for role, subs := range want {
		b, err := os.ReadFile(filepath.Join(repoRoot, "terraform", "ci-roles", role+".trust.json"))
		require.NoError(t, err)
		var doc struct {
			Statement []struct {
				Effect    string
				Principal struct{ Federated string }
				Action    stringList
				Condition map[string]map[string]stringList
			}
		}
		require.NoError(t, json.Unmarshal(b, &doc), role)
		require.Len(t, doc.Statement, 1, role)
		s := doc.Statement[0]
		assert.Equal(t, "Allow", s.Effect)
		assert.True(t, strings.HasSuffix(s.Principal.Federated, ":oidc-provider/token.actions.githubusercontent.com"), role)
		assert.Equal(t, stringList{"sts:AssumeRoleWithWebIdentity"}, s.Action, role)
		require.Len(t, s.Condition, 1, "%s: only StringEquals (no StringLike wildcards)", role)
		eq := s.Condition["StringEquals"]
		assert.Equal(t, stringList{"sts.amazonaws.com"}, eq["token.actions.githubusercontent.com:aud"], role)
		assert.ElementsMatch(t, subs, eq["token.actions.githubusercontent.com:sub"], role)
	}
}

// IAM counts a role's inline policies together, without whitespace, against 10,240
// characters (IAM User Guide, "IAM and AWS STS quotas"); a policy over it cannot be put.
func TestCIRolePoliciesFitTheInlineQuota(t *testing.T) {
	t.Parallel()
	for _, env := range environments {
		for _, role := range []string{"plan", "apply"} {
			b, err := os.ReadFile(filepath.Join(repoRoot, "terraform", "ci-roles", role+"-"+env+".policy.json"))
			require.NoError(t, err)
			var doc any
			require.NoError(t, json.Unmarshal(b, &doc))
			compact, err := json.Marshal(doc)
			require.NoError(t, err)
			// json.Marshal escapes < > & and keeps "${...}" as is: no whitespace outside strings.
			assert.LessOrEqual(t, len(compact), 10240, "%s-%s.policy.json", role, env)
		}
	}
}
