package test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/gruntwork-io/terratest/modules/terraform"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlayerPage applies the delivery module with the player page (fixtures/player-page)
// to moto, on a bucket this test creates without a policy: moto 5.2.1 evaluates a Deny
// statement with a Condition as matching, so on the pipeline's TLS-only output bucket it
// refuses every object request, and the emulator root deploys the page only to a real
// account (where TestEmulatorStack checks it in the stack's own output bucket). Checks
// the objects and their content types, config.json, the page's behaviour without the key
// group next to media behaviours with it, the URL outputs, a clean second plan, destroy.
func TestPlayerPage(t *testing.T) {
	if env.Real() {
		t.Log("against a real account the emulator stack carries the page: TestEmulatorStack/api/PlayerPage")
		return
	}
	t.Parallel()
	ctx := context.Background()
	work := t.TempDir()
	webDist, err := filepath.Abs(filepath.Join(repoRoot, "web", "dist"))
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(webDist, "watch.html"))
	require.NoError(t, err, "the player page is not built: run `make web` (make integration does)")

	cfg := awsConfig(t)
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	bucket := "player-page-" + env.Name
	_, err = client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &bucket})
	require.NoError(t, err)
	defer func() {
		_, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket})
		assert.NoError(t, err, "the bucket must be empty after destroy")
	}()

	keys := newSigningKeys(t)
	opts := &terraform.Options{
		TerraformDir: filepath.Join(repoRoot, "terraform", "test", "fixtures", "player-page"),
		Vars: map[string]any{
			"endpoint_url":                 env.Endpoint,
			"region":                       env.Region,
			"bucket_name":                  bucket,
			"web_dist_path":                webDist,
			"signed_access_public_key_pem": keys.publicPEM,
		},
		BackendConfig: map[string]any{"path": filepath.Join(work, "terraform.tfstate")},
		EnvVars: map[string]string{
			"TF_DATA_DIR": filepath.Join(work, "tf-data"), "TF_IN_AUTOMATION": "1",
			"AWS_ACCESS_KEY_ID": motoAccessKey, "AWS_SECRET_ACCESS_KEY": motoSecretKey,
		},
		PluginDir:   os.Getenv("TF_PLUGIN_DIR"),
		Reconfigure: true,
		NoColor:     true,
	}
	keyGroup := "module.delivery.aws_cloudfront_key_group.this[0]"
	forget := func() {
		// moto 5.2.1 has no DeleteKeyGroup (see forgetWhatMotoCannotDelete).
		terraform.RunTerraformCommand(t, opts, "state", "rm", "-lock=false", keyGroup)
	}
	terraform.Init(t, opts)
	destroyed := false
	defer func() {
		if !destroyed {
			forget()
			terraform.Destroy(t, opts)
		}
	}()
	terraform.Apply(t, opts)

	s := &stack{outputBucket: bucket, outputs: terraform.OutputAll(t, opts)}
	checkPlayerPage(t, cfg, s, webDist)

	id := outputString(t, s, "distribution_id")
	d, err := cloudfront.NewFromConfig(cfg).GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: &id})
	require.NoError(t, err)
	c := d.Distribution.DistributionConfig
	originID := aws.ToString(c.Origins.Items[0].Id)
	keyGroupID := outputString(t, s, "signed_access_key_group_id")
	require.NotNil(t, c.CacheBehaviors)
	require.Len(t, c.CacheBehaviors.Items, 4, "the player page, then playlists, captions, lecture.json")
	checkPageBehaviour(t, c.CacheBehaviors.Items[0], originID)
	def := c.DefaultCacheBehavior
	for i, pattern := range []string{"*.m3u8", "*.vtt", "*.json"} {
		b := c.CacheBehaviors.Items[i+1]
		assert.Equal(t, pattern, aws.ToString(b.PathPattern))
		checkMediaBehaviour(t, pattern, aws.ToString(b.TargetOriginId), originID, b.ViewerProtocolPolicy, b.Compress, b.TrustedKeyGroups, keyGroupID)
	}
	checkMediaBehaviour(t, "default", aws.ToString(def.TargetOriginId), originID, def.ViewerProtocolPolicy, def.Compress, def.TrustedKeyGroups, keyGroupID)

	t.Run("SecondPlanHasNoChanges", func(t *testing.T) { secondPlanIsClean(t, opts, work, s) })

	t.Run("DestroyIsClean", func(t *testing.T) {
		destroyed = true
		forget()
		terraform.Destroy(t, opts)
		list, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: &bucket})
		require.NoError(t, err)
		assert.Empty(t, list.Contents, "page objects left after destroy")
	})
}
