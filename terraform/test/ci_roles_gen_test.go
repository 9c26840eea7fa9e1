package test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"text/template"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The CI role policies (terraform/ci-roles/<role>-<env>.policy.json) are generated from
// terraform/ci-roles/templates/<role>.policy.json.tmpl with the values each environment
// root holds (terraform.tfvars, <env>.s3.tfbackend, and the names the roots derive when
// those leave them unset), so a renamed bucket, a new region or a logging bucket cannot
// leave the roles behind. Regenerate after changing a template or a root's values:
//
//	scripts/tf-ci-roles.sh     (go test -run TestCIRolePoliciesAreGenerated -update-ci-roles)
var updateCIRoles = flag.Bool("update-ci-roles", false, "rewrite terraform/ci-roles/*.policy.json from the templates")

// roleValues fill a template.
type roleValues struct {
	Env, Name, Region, TagOperator    string
	StateBucketArn, StateObjectArn    string
	InputBucketArn, OutputBucketArn   string
	LoggingBucketArn, BucketKmsKeyArn string
	ForceDestroy, Smoke               bool
}

func valuesOf(d deployment) roleValues {
	v := roleValues{
		Env: d.env, Name: d.name(), Region: d.region, TagOperator: "StringEquals",
		StateBucketArn: "arn:aws:s3:::" + d.stateBucket, StateObjectArn: "arn:aws:s3:::" + d.stateBucket + "/" + d.stateKey,
		InputBucketArn: "arn:aws:s3:::" + d.inputBucket, OutputBucketArn: "arn:aws:s3:::" + d.outputBucket,
		BucketKmsKeyArn: d.kmsKeyArn, ForceDestroy: d.forceDestroy,
	}
	if d.loggingBucket != "" {
		v.LoggingBucketArn = "arn:aws:s3:::" + d.loggingBucket
	}
	return v
}

// smokeDeployment is the throwaway stack scripts/smoke-aws.sh applies: the emulator root
// with environment smoke<random>, local state, force_destroy, derived bucket names.
func smokeDeployment(region string) deployment {
	return deployment{
		env: smokeEnvGlob, region: region,
		inputBucket: derivedBucket(smokeEnvGlob, "input"), outputBucket: derivedBucket(smokeEnvGlob, "output"),
		forceDestroy: true,
	}
}

// smokeEnvGlob matches every smoke stack's environment name (smoke + 5 random characters).
const smokeEnvGlob = "smoke*"

const smokeRegion = "us-east-1"

func renderCIPolicy(t *testing.T, role string, v roleValues) []byte {
	t.Helper()
	tmpl, err := template.ParseFiles(filepath.Join(repoRoot, "terraform", "ci-roles", "templates", role+".policy.json.tmpl"))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, tmpl.Option("missingkey=error").Execute(&buf, v))
	require.True(t, json.Valid(buf.Bytes()), "%s template renders invalid JSON:\n%s", role, buf.String())
	return buf.Bytes()
}

// generatedPolicies: every policy file and what it must hold.
func generatedPolicies(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, env := range environments {
		v := valuesOf(readDeployment(t, env))
		for _, role := range []string{"plan", "apply"} {
			out[role+"-"+env+".policy.json"] = renderCIPolicy(t, role, v)
		}
	}
	v := valuesOf(smokeDeployment(smokeRegion))
	v.StateBucketArn, v.StateObjectArn, v.TagOperator, v.Smoke = "", "", "StringLike", true
	out["smoke-aws.policy.json"] = renderCIPolicy(t, "apply", v)
	return out
}

func TestCIRolePoliciesAreGeneratedFromTheDeployments(t *testing.T) {
	for file, want := range generatedPolicies(t) {
		path := filepath.Join(repoRoot, "terraform", "ci-roles", file)
		if *updateCIRoles {
			require.NoError(t, os.WriteFile(path, want, 0o644))
			t.Logf("wrote %s", path)
			continue
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err, "%s is missing: run scripts/tf-ci-roles.sh", file)
		assert.Equal(t, string(want), string(got), "%s is not what the template and the root's values give: run scripts/tf-ci-roles.sh", file)
	}
}

// The smoke run's policy (terraform/ci-roles/smoke-aws.policy.json, for the person or role
// running scripts/smoke-aws.sh) covers everything Terraform does to a smoke stack, the
// upload and the LMS queue reads, and no resource of dev or prod.
func TestSmokePolicyCoversTheSmokeRunAndNothingElse(t *testing.T) {
	t.Parallel()
	smoke := readRoleDoc(t, "smoke-aws.policy.json")
	d := smokeDeployment(smokeRegion)
	d.env = "smokeab12c" // one concrete run
	d.inputBucket, d.outputBucket = derivedBucket(d.env, "input"), derivedBucket(d.env, "output")
	read, write := stackNeeds(d)
	for _, typ := range declaredTypes(t) {
		for _, n := range append(read[typ], write[typ]...) {
			assert.True(t, smoke.permits(n.action, n.resource), "smoke policy cannot %s on %s (%s)", n.action, n.resource, typ)
		}
	}
	assert.True(t, smoke.permits("s3:PutObject", "arn:aws:s3:::"+d.inputBucket+"/smoke/lecture.mp4"), "upload")
	lms := "arn:aws:sqs:" + smokeRegion + ":" + accountVar + ":" + d.name() + "-job-events"
	for _, a := range []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueUrl"} {
		assert.True(t, smoke.permits(a, lms), "%s on the LMS queue", a)
	}
	for _, env := range environments {
		_, other := stackNeeds(readDeployment(t, env))
		for typ, needs := range other {
			for _, n := range needs {
				if n.scope == scopeName {
					assert.False(t, smoke.permits(n.action, n.resource), "smoke policy may change %s's %s: %s on %s", env, typ, n.action, n.resource)
				}
			}
		}
		assert.False(t, smoke.permits("s3:PutObject", "arn:aws:s3:::"+readDeployment(t, env).inputBucket+"/x.mp4"), "smoke may upload to %s", env)
	}
	for _, s := range smoke.Statement {
		assertIAMDefines(t, "smoke-aws.policy.json "+s.Sid, s.Action...)
	}
}

// Optional features the roots may switch on get their grants in the generated apply policy:
// CloudFront standard logging (the caller of Create/UpdateDistribution needs the log
// bucket's ACL: CloudFront Developer Guide, "Permissions required to configure standard
// logging") and an SSE-KMS bucket key (the page's objects are written through S3).
func TestGeneratedApplyPolicyGrantsWhatOptionalFeaturesNeed(t *testing.T) {
	t.Parallel()
	d := readDeployment(t, "dev")
	d.loggingBucket = "lms-logs"
	d.kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	doc := parsePolicy(t, string(renderCIPolicy(t, "apply", valuesOf(d))))
	for _, a := range []string{"s3:GetBucketAcl", "s3:PutBucketAcl"} {
		assert.True(t, doc.permits(a, "arn:aws:s3:::lms-logs"), "%s on the logging bucket", a)
	}
	for _, a := range []string{"kms:GenerateDataKey", "kms:Decrypt"} {
		assert.True(t, doc.permits(a, d.kmsKeyArn), "%s on the bucket key", a)
	}
	plain := parsePolicy(t, string(renderCIPolicy(t, "apply", valuesOf(readDeployment(t, "dev")))))
	assert.False(t, plain.permits("s3:PutBucketAcl", "arn:aws:s3:::lms-logs"), "no ACL grant without logging")
	assert.Empty(t, plain.allows("kms:GenerateDataKey"), "no key grant without a bucket key")
}
