package test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Facts of the delivery and notifications modules, stated again on purpose.
const (
	cloudFrontReadSid = "AllowCloudFrontRead"
	cloudFrontService = "cloudfront.amazonaws.com"
	// AWS managed cache policy Managed-CachingOptimizedForUncompressedObjects.
	managedMediaCachePolicy = "b2884449-e4de-46a7-ac36-70bc7f1ddd6d"
	// CachingOptimized: gzip and Brotli, the origin's Cache-Control (captions, lecture.json).
	managedTextCachePolicy = "658327ea-f89d-4fab-a63d-7e88639e58f6"
	playlistTTL            = int64(60)
)

// signingKeys is the key pair of one run: CloudFront gets the public PEM, the test signs
// with the private key, as the LMS backend would.
type signingKeys struct {
	private   *rsa.PrivateKey
	publicPEM string
}

func newSigningKeys(t *testing.T) signingKeys {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	require.NoError(t, err)
	return signingKeys{private: key, publicPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
}

func outputString(t *testing.T, s *stack, key string) string {
	t.Helper()
	v, ok := s.outputs[key].(string)
	require.True(t, ok && v != "", "output %s missing or empty: %v", key, s.outputs[key])
	return v
}

func notificationsOutput(t *testing.T, s *stack, key string) any {
	t.Helper()
	m, ok := s.outputs["notifications"].(map[string]any)
	require.True(t, ok, "output notifications is not an object: %v", s.outputs["notifications"])
	return m[key]
}

func getDistribution(t *testing.T, cfg aws.Config, s *stack) *cftypes.Distribution {
	t.Helper()
	out, err := cloudfront.NewFromConfig(cfg).GetDistribution(context.Background(),
		&cloudfront.GetDistributionInput{Id: aws.String(outputString(t, s, "distribution_id"))})
	require.NoError(t, err)
	return out.Distribution
}

// checkDistribution: one origin, the private output bucket, reached through a SigV4
// origin access control; HTTPS only; no compression; TTLs for VOD HLS; the run's key
// group trusted by every behaviour.
func checkDistribution(t *testing.T, cfg aws.Config, s *stack, keys signingKeys) {
	ctx := context.Background()
	client := cloudfront.NewFromConfig(cfg)
	d := getDistribution(t, cfg, s)
	assert.Equal(t, outputString(t, s, "distribution_arn"), aws.ToString(d.ARN))
	assert.Equal(t, outputString(t, s, "distribution_domain_name"), aws.ToString(d.DomainName))
	assert.Equal(t, "https://"+aws.ToString(d.DomainName)+"/assets/<assetID>/HLS/<name>.m3u8", s.outputs["playback_url_pattern"])

	c := d.DistributionConfig
	assert.True(t, aws.ToBool(c.Enabled))
	assert.Equal(t, cftypes.HttpVersionHttp2and3, c.HttpVersion)
	assert.Equal(t, cftypes.PriceClassPriceClass100, c.PriceClass)

	// Origin and its access control.
	require.Len(t, c.Origins.Items, 1, "one origin: the output bucket")
	origin := c.Origins.Items[0]
	assert.Equal(t, fmt.Sprintf("%s.s3.%s.amazonaws.com", s.outputBucket, env.Region), aws.ToString(origin.DomainName))
	assert.Nil(t, origin.CustomOriginConfig, "the bucket is an S3 origin, not a website endpoint")
	oacID := outputString(t, s, "origin_access_control_id")
	if env.Real() || aws.ToString(origin.OriginAccessControlId) != "" {
		assert.Equal(t, oacID, aws.ToString(origin.OriginAccessControlId), "the origin must sign with the stack's access control")
	} else {
		t.Log("moto 5.2.1 does not store an origin's OriginAccessControlId; the origin-to-OAC link is checked in the plan instead (replan_test.go)")
	}
	oac, err := client.GetOriginAccessControl(ctx, &cloudfront.GetOriginAccessControlInput{Id: &oacID})
	require.NoError(t, err)
	oc := oac.OriginAccessControl.OriginAccessControlConfig
	assert.Equal(t, cftypes.OriginAccessControlSigningProtocolsSigv4, oc.SigningProtocol)
	assert.Equal(t, cftypes.OriginAccessControlSigningBehaviorsAlways, oc.SigningBehavior)
	assert.Equal(t, cftypes.OriginAccessControlOriginTypesS3, oc.OriginAccessControlOriginType)

	// Behaviours: the default one serves segments, MP4 and thumbnails; one for playlists.
	keyGroupID := outputString(t, s, "signed_access_key_group_id")
	def := c.DefaultCacheBehavior
	checkMediaBehaviour(t, "default", aws.ToString(def.TargetOriginId), aws.ToString(origin.Id), def.ViewerProtocolPolicy, def.Compress, def.TrustedKeyGroups, keyGroupID)
	require.NotNil(t, c.CacheBehaviors)
	// With the page (a real account; against moto see TestPlayerPage) its behaviour comes first.
	items := c.CacheBehaviors.Items
	if env.Real() {
		require.Len(t, items, 4, "four ordered behaviours: the player page, then playlists, captions, lecture.json")
		checkPageBehaviour(t, items[0], aws.ToString(origin.Id))
		items = items[1:]
	}
	require.Len(t, items, 3, "ordered behaviours for text under assets/: playlists, captions, lecture.json")
	for i, pattern := range []string{"*.m3u8", "*.vtt", "*.json"} {
		b := items[i]
		assert.Equal(t, pattern, aws.ToString(b.PathPattern))
		checkMediaBehaviour(t, pattern, aws.ToString(b.TargetOriginId), aws.ToString(origin.Id), b.ViewerProtocolPolicy, b.Compress, b.TrustedKeyGroups, keyGroupID)
	}
	pl := items[0]
	if env.Real() {
		assert.Equal(t, managedMediaCachePolicy, aws.ToString(def.CachePolicyId))
		assert.NotEmpty(t, aws.ToString(pl.CachePolicyId))
		assert.NotEmpty(t, aws.ToString(def.ResponseHeadersPolicyId), "CORS response headers policy")
		p, err := client.GetCachePolicy(ctx, &cloudfront.GetCachePolicyInput{Id: pl.CachePolicyId})
		require.NoError(t, err)
		assert.Equal(t, playlistTTL, aws.ToInt64(p.CachePolicy.CachePolicyConfig.MaxTTL))
		enc := p.CachePolicy.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin
		assert.True(t, aws.ToBool(enc.EnableAcceptEncodingGzip) && aws.ToBool(enc.EnableAcceptEncodingBrotli), "playlists: gzip and Brotli")
		for _, b := range items[1:] {
			assert.Equal(t, managedTextCachePolicy, aws.ToString(b.CachePolicyId), "%s: CachingOptimized (gzip and Brotli)", aws.ToString(b.PathPattern))
		}
	} else {
		// The emulator root runs without cache policies (moto has none): the same TTLs
		// as legacy settings.
		assert.Equal(t, []int64{1, 86400, 31536000}, []int64{aws.ToInt64(def.MinTTL), aws.ToInt64(def.DefaultTTL), aws.ToInt64(def.MaxTTL)})
		assert.Equal(t, []int64{0, playlistTTL, playlistTTL}, []int64{aws.ToInt64(pl.MinTTL), aws.ToInt64(pl.DefaultTTL), aws.ToInt64(pl.MaxTTL)})
	}

	// Key group -> public key -> the run's key: a signature made with the private key
	// verifies with the key CloudFront holds.
	kg, err := client.GetKeyGroup(ctx, &cloudfront.GetKeyGroupInput{Id: &keyGroupID})
	require.NoError(t, err)
	keyID := outputString(t, s, "signed_access_key_pair_id")
	assert.Equal(t, []string{keyID}, kg.KeyGroup.KeyGroupConfig.Items)
	pk, err := client.GetPublicKey(ctx, &cloudfront.GetPublicKeyInput{Id: &keyID})
	require.NoError(t, err)
	block, _ := pem.Decode([]byte(aws.ToString(pk.PublicKey.PublicKeyConfig.EncodedKey)))
	require.NotNil(t, block, "CloudFront's public key is not PEM")
	parsed, err := x509.ParsePKIXPublicKey(block.Bytes)
	require.NoError(t, err)
	stored, ok := parsed.(*rsa.PublicKey)
	require.True(t, ok, "CloudFront's public key is not RSA")
	policy := []byte(`{"Statement":[{"Resource":"https://example/assets/course-1/intro/*"}]}`)
	digest := sha1.Sum(policy)
	sig, err := rsa.SignPKCS1v15(rand.Reader, keys.private, crypto.SHA1, digest[:])
	require.NoError(t, err)
	assert.NoError(t, rsa.VerifyPKCS1v15(stored, crypto.SHA1, digest[:], sig), "the key group's public key does not verify the run's signatures")
}

// checkPageBehaviour: the page's behaviour comes first (first match wins), serves
// player/* over HTTPS, compressed, and requires no signature.
func checkPageBehaviour(t *testing.T, page cftypes.CacheBehavior, originID string) {
	assert.Equal(t, "player/*", aws.ToString(page.PathPattern))
	assert.Equal(t, originID, aws.ToString(page.TargetOriginId))
	assert.Equal(t, cftypes.ViewerProtocolPolicyRedirectToHttps, page.ViewerProtocolPolicy)
	assert.True(t, aws.ToBool(page.Compress), "the page's HTML, JS and CSS are compressed")
	if page.TrustedKeyGroups != nil {
		assert.False(t, aws.ToBool(page.TrustedKeyGroups.Enabled), "the page behaviour must not require signed requests")
		assert.Empty(t, page.TrustedKeyGroups.Items, "the page behaviour trusts no key group")
	}
	if !env.Real() {
		assert.Equal(t, []int64{0, pageCacheSeconds, pageCacheSeconds}, []int64{aws.ToInt64(page.MinTTL), aws.ToInt64(page.DefaultTTL), aws.ToInt64(page.MaxTTL)})
	}
}

// pageCacheSeconds is the delivery module's default page_cache_seconds.
const pageCacheSeconds = 300

// pageContentTypes: what each file type of web/dist must be served as.
var pageContentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".json": "application/json",
}

// checkPlayerPage: every file of the web build is an object under player/ of the output
// bucket with its content type and Cache-Control, config.json is the one Terraform wrote
// (media from the distribution's root, no API), and the outputs give the page's URLs.
func checkPlayerPage(t *testing.T, cfg aws.Config, s *stack, webDist string) {
	ctx := context.Background()
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = !env.Real() })
	entries, err := os.ReadDir(webDist)
	require.NoError(t, err)
	var want []string
	for _, e := range entries {
		// The build's precompressed .br/.gz copies stay out of the bucket: CloudFront
		// compresses the page itself (the delivery module leaves them out).
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".br") && !strings.HasSuffix(e.Name(), ".gz") {
			want = append(want, "player/"+e.Name())
		}
	}
	if !slices.Contains(want, "player/config.json") {
		want = append(want, "player/config.json")
	}
	slices.Sort(want)
	require.Contains(t, want, "player/watch.html")

	list, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: &s.outputBucket, Prefix: aws.String("player/")})
	require.NoError(t, err)
	var got []string
	for _, o := range list.Contents {
		got = append(got, aws.ToString(o.Key))
	}
	slices.Sort(got)
	assert.Equal(t, want, got, "objects under player/ = the files of web/dist (config.json written by Terraform)")
	assert.ElementsMatch(t, want, outputStrings(t, s, "page_object_keys"))

	for _, key := range got {
		head, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.outputBucket, Key: aws.String(key)})
		require.NoError(t, err, key)
		assert.Equal(t, pageContentTypes[filepath.Ext(key)], aws.ToString(head.ContentType), "Content-Type of %s", key)
		assert.Equal(t, fmt.Sprintf("public, max-age=%d", pageCacheSeconds), aws.ToString(head.CacheControl), "Cache-Control of %s", key)
	}

	obj, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.outputBucket, Key: aws.String("player/config.json")})
	require.NoError(t, err)
	defer obj.Body.Close()
	var conf map[string]any
	require.NoError(t, json.NewDecoder(obj.Body).Decode(&conf))
	assert.Equal(t, map[string]any{"api": nil, "media": "../", "thumbnailInterval": float64(5), "allowQueryOverrides": false}, conf)

	// The deployed watch page is byte for byte the built one.
	w, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.outputBucket, Key: aws.String("player/watch.js")})
	require.NoError(t, err)
	defer w.Body.Close()
	deployed, err := io.ReadAll(w.Body)
	require.NoError(t, err)
	built, err := os.ReadFile(filepath.Join(webDist, "watch.js"))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(built, deployed), "player/watch.js differs from web/dist/watch.js")

	domain := outputString(t, s, "distribution_domain_name")
	assert.Equal(t, "https://"+domain+"/player/index.html", s.outputs["player_url"])
	assert.Equal(t, "https://"+domain+"/player/watch.html?asset=<assetID>", s.outputs["watch_url_pattern"])
}

func outputStrings(t *testing.T, s *stack, name string) []string {
	t.Helper()
	raw, ok := s.outputs[name].([]any)
	require.True(t, ok, "output %s is not a list: %v", name, s.outputs[name])
	var out []string
	for _, v := range raw {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// The default behaviour serves media (segments, MP4, AAC, JPEG), never compressed; the
// ordered ones under assets/ serve text (playlists, captions, lecture.json), compressed.
func checkMediaBehaviour(t *testing.T, name, target, originID string, viewer cftypes.ViewerProtocolPolicy, compress *bool, groups *cftypes.TrustedKeyGroups, keyGroupID string) {
	assert.Equal(t, originID, target, "%s behaviour target", name)
	assert.Equal(t, cftypes.ViewerProtocolPolicyRedirectToHttps, viewer, "%s behaviour: HTTPS only", name)
	if name == "default" {
		assert.False(t, aws.ToBool(compress), "%s behaviour: media is not compressed again", name)
	} else {
		assert.True(t, aws.ToBool(compress), "%s behaviour: text is compressed (gzip, Brotli)", name)
	}
	require.NotNil(t, groups, "%s behaviour has no trusted key groups", name)
	assert.True(t, aws.ToBool(groups.Enabled), "%s behaviour must require signed requests", name)
	assert.Equal(t, []string{keyGroupID}, groups.Items, "%s behaviour trusts the stack's key group only", name)
}

// checkCloudFrontRead: the output bucket's one grant is s3:GetObject for CloudFront,
// conditioned on this distribution's ARN; the input bucket grants nothing.
func checkCloudFrontRead(t *testing.T, cfg aws.Config, s *stack) {
	ctx := context.Background()
	distArn := aws.ToString(getDistribution(t, cfg, s).ARN)
	pol, err := s3Client(cfg).GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &s.outputBucket})
	require.NoError(t, err)
	doc := parsePolicy(t, aws.ToString(pol.Policy))
	var allows []statement
	for _, st := range doc.Statement {
		if st.Effect == "Allow" {
			allows = append(allows, st)
		}
	}
	require.Len(t, allows, 1, "the output bucket grants exactly one thing: %v", doc.Statement)
	g := allows[0]
	assert.Equal(t, cloudFrontReadSid, g.Sid)
	require.NotNil(t, g.Principal)
	assert.False(t, g.Principal.Everyone)
	assert.Empty(t, g.Principal.AWS)
	assert.Equal(t, stringList{cloudFrontService}, g.Principal.Service)
	assert.Equal(t, stringList{"s3:GetObject"}, g.Action)
	assert.Equal(t, stringList{bucketArn(s.outputBucket) + "/*"}, g.Resource)
	assert.Equal(t, stringList{distArn}, conditionValue(g, "AWS:SourceArn"), "CloudFront may read only for this distribution")
	denies := 0
	for _, st := range doc.Statement {
		if st.Effect == "Deny" {
			denies++
		}
	}
	assert.Equal(t, 2, denies, "the TLS-only denies stay next to the grant")

	in, err := s3Client(cfg).GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &s.inputBucket})
	require.NoError(t, err)
	assert.Empty(t, parsePolicy(t, aws.ToString(in.Policy)).allows("s3:GetObject"), "the input bucket is not for CloudFront")
}

// sampleJobEvent is a MediaConvert "Job State Change" as EventBridge delivers it, with the
// user metadata the converter writes.
func sampleJobEvent(application, status string) map[string]any {
	detail := map[string]any{
		"timestamp": 1764583200000,
		"accountId": "123456789012",
		"queue":     "arn:aws:mediaconvert:us-east-1:123456789012:queues/Default",
		"jobId":     "1764583180123-abc123",
		"status":    status,
		"userMetadata": map[string]any{
			"application":  application,
			"assetID":      "course-1/intro",
			"masterKey":    "assets/course-1/intro/HLS/intro.m3u8",
			"thumbnailKey": "assets/course-1/intro/Thumbnails/intro.0000000.jpg",
		},
	}
	if status == "ERROR" {
		detail["errorCode"] = 1040
		detail["errorMessage"] = "Example error message"
	}
	return map[string]any{
		"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
		"detail-type": "MediaConvert Job State Change", "source": "aws.mediaconvert",
		"account": "123456789012", "time": "2026-12-01T10:00:00Z", "region": env.Region,
		"resources": []string{"arn:aws:mediaconvert:us-east-1:123456789012:jobs/1764583180123-abc123"},
		"detail":    detail,
	}
}

// exactPatternMatches evaluates an EventBridge pattern made only of nested objects and
// lists of exact values (what the rule uses); any other operator fails the test.
func exactPatternMatches(t *testing.T, pattern map[string]any, event map[string]any) bool {
	for key, want := range pattern {
		got, present := event[key]
		switch w := want.(type) {
		case map[string]any:
			sub, ok := got.(map[string]any)
			if !present || !ok || !exactPatternMatches(t, w, sub) {
				return false
			}
		case []any:
			found := false
			for _, v := range w {
				if _, isString := v.(string); !isString {
					t.Fatalf("pattern operator %v under %q is beyond exact matching", v, key)
				}
				if present && fmt.Sprint(got) == v {
					found = true
				}
			}
			if !found {
				return false
			}
		default:
			t.Fatalf("pattern value %v under %q is neither an object nor a list", want, key)
		}
	}
	return true
}

// checkJobStateRule: the pattern passes terminal states of this deployment's jobs only
// (asked of EventBridge itself), and the target turns an event into the readable message.
func checkJobStateRule(t *testing.T, cfg aws.Config, s *stack) {
	ctx := context.Background()
	client := eventbridge.NewFromConfig(cfg)
	ruleName, _ := notificationsOutput(t, s, "rule_name").(string)
	rule, err := client.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: &ruleName})
	require.NoError(t, err)
	assert.Equal(t, notificationsOutput(t, s, "rule_arn"), aws.ToString(rule.Arn))
	assert.Equal(t, ebtypes.RuleStateEnabled, rule.State)

	var pattern struct {
		Source     []string `json:"source"`
		DetailType []string `json:"detail-type"`
		Detail     struct {
			Status       []string            `json:"status"`
			UserMetadata map[string][]string `json:"userMetadata"`
		} `json:"detail"`
	}
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(rule.EventPattern)), &pattern))
	assert.Equal(t, []string{"aws.mediaconvert"}, pattern.Source)
	assert.Equal(t, []string{"MediaConvert Job State Change"}, pattern.DetailType)
	assert.ElementsMatch(t, []string{"COMPLETE", "ERROR", "CANCELED"}, pattern.Detail.Status)
	assert.Equal(t, map[string][]string{"application": {s.application}}, pattern.Detail.UserMetadata)

	for _, c := range []struct {
		application, status string
		want                bool
	}{
		{s.application, "COMPLETE", true},
		{s.application, "ERROR", true},
		{s.application, "CANCELED", true},
		{s.application, "PROGRESSING", false},
		{"another-deployment", "COMPLETE", false},
	} {
		event := sampleJobEvent(c.application, c.status)
		var matched bool
		if env.Real() {
			text, err := json.Marshal(event)
			require.NoError(t, err)
			res, err := client.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{
				EventPattern: rule.EventPattern, Event: aws.String(string(text)),
			})
			require.NoError(t, err)
			matched = res.Result
		} else {
			// moto 5.2.1 answers TestEventPattern with an empty body (always false), so the
			// pattern read back from the API is evaluated here with exact-value matching.
			var p map[string]any
			require.NoError(t, json.Unmarshal([]byte(aws.ToString(rule.EventPattern)), &p))
			matched = exactPatternMatches(t, p, event)
		}
		assert.Equal(t, c.want, matched, "pattern match for application=%s status=%s", c.application, c.status)
	}

	targets, err := client.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: &ruleName})
	require.NoError(t, err)
	require.Len(t, targets.Targets, 1)
	target := targets.Targets[0]
	assert.Equal(t, outputString(t, s, "notifications_topic_arn"), aws.ToString(target.Arn))
	require.NotNil(t, target.InputTransformer, "the topic would get the raw event")

	domain := outputString(t, s, "distribution_domain_name")
	paths, template := target.InputTransformer.InputPathsMap, aws.ToString(target.InputTransformer.InputTemplate)
	out := applyInputTransformer(paths, template, decodedEvent(t, sampleJobEvent(s.application, "ERROR")), transformerContext{})
	var msg map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &msg), "transformed message is not JSON: %s", out)
	detail, _ := msg["detail"].(map[string]any)
	assert.Equal(t, "Example error message", detail["errorMessage"])
	assert.Equal(t, 1040.0, detail["errorCode"])
	delete(msg, "detail")
	assert.Equal(t, map[string]any{
		"status":       "ERROR",
		"jobId":        "1764583180123-abc123",
		"assetId":      "course-1/intro",
		"playbackUrl":  "https://" + domain + "/assets/course-1/intro/HLS/intro.m3u8",
		"thumbnailUrl": "https://" + domain + "/assets/course-1/intro/Thumbnails/intro.0000000.jpg",
		"time":         "2026-12-01T10:00:00Z",
		"consoleUrl":   "https://" + env.Region + ".console.aws.amazon.com/mediaconvert/home?region=" + env.Region + "#/jobs/summary/1764583180123-abc123",
	}, msg)
	// Quotes, backslashes and newlines in errorMessage, through the template as deployed.
	checkJobMessageAlwaysParses(t, paths, template, s.application)

	// An event EventBridge cannot deliver goes to the undelivered queue, not nowhere.
	require.NotNil(t, target.DeadLetterConfig, "the target has no dead-letter queue")
	undelivered := notificationsOutput(t, s, "undelivered_queue_url").(string)
	assert.True(t, strings.HasSuffix(aws.ToString(target.DeadLetterConfig.Arn), ":"+undelivered[strings.LastIndex(undelivered, "/")+1:]),
		"dead-letter queue %s is not %s", aws.ToString(target.DeadLetterConfig.Arn), undelivered)
}

// checkTopic: both topics encrypted with the module's key; only the rule publishes job
// messages (the LMS reads those) and only the stack's alarms publish to the alarms topic.
func checkTopic(t *testing.T, cfg aws.Config, s *stack) {
	ruleArn, _ := notificationsOutput(t, s, "rule_arn").(string)
	for _, c := range []struct {
		topicArn, service string
	}{
		{outputString(t, s, "notifications_topic_arn"), "events.amazonaws.com"},
		{outputString(t, s, "alarms_topic_arn"), "cloudwatch.amazonaws.com"},
	} {
		attrs, err := sns.NewFromConfig(cfg).GetTopicAttributes(context.Background(), &sns.GetTopicAttributesInput{TopicArn: &c.topicArn})
		require.NoError(t, err)
		assert.Equal(t, notificationsOutput(t, s, "kms_key_arn"), attrs.Attributes["KmsMasterKeyId"], "the topic is encrypted with the module's key")

		doc := parsePolicy(t, attrs.Attributes["Policy"])
		require.Len(t, doc.Statement, 1, "one publisher per topic: %s", c.topicArn)
		st := doc.Statement[0]
		require.Equal(t, "Allow", st.Effect, "%v", st)
		require.NotNil(t, st.Principal)
		assert.False(t, st.Principal.Everyone, "the topic admits everyone: %v", st)
		assert.Empty(t, st.Principal.AWS, "no account principals: %v", st)
		assert.Equal(t, stringList{"sns:Publish"}, st.Action, "%v", st)
		assert.Equal(t, stringList{c.topicArn}, st.Resource, "%v", st)
		assert.Equal(t, stringList{c.service}, st.Principal.Service, "%s: publisher", c.topicArn)
		if c.service == "events.amazonaws.com" {
			assert.Equal(t, stringList{ruleArn}, conditionValue(st, "aws:SourceArn"), "events may publish for this rule only")
		} else {
			assert.Equal(t, stringList{fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s-*", env.Region, s.account, s.application)},
				conditionValue(st, "aws:SourceArn"), "CloudWatch may publish for the stack's alarms only")
			assert.Equal(t, stringList{s.account}, conditionValue(st, "aws:SourceAccount"))
		}
	}
}

// checkLmsQueue: subscribed with raw delivery, encrypted, dead-letter queue, only this topic may send.
func checkLmsQueue(t *testing.T, cfg aws.Config, s *stack) {
	ctx := context.Background()
	topicArn := outputString(t, s, "notifications_topic_arn")
	queueURL := outputString(t, s, "lms_queue_url")
	attrs, err := sqs.NewFromConfig(cfg).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: &queueURL, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll},
	})
	require.NoError(t, err)
	queueArn := attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	assert.Equal(t, "true", attrs.Attributes[string(sqstypes.QueueAttributeNameSqsManagedSseEnabled)], "encrypted at rest")

	var redrive struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		MaxReceiveCount     any    `json:"maxReceiveCount"`
	}
	require.NoError(t, json.Unmarshal([]byte(attrs.Attributes[string(sqstypes.QueueAttributeNameRedrivePolicy)]), &redrive))
	dlqURL, _ := notificationsOutput(t, s, "lms_dead_letter_queue_url").(string)
	dlq, err := sqs.NewFromConfig(cfg).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: &dlqURL, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll},
	})
	require.NoError(t, err)
	assert.Equal(t, dlq.Attributes[string(sqstypes.QueueAttributeNameQueueArn)], redrive.DeadLetterTargetArn)
	assert.Equal(t, "true", dlq.Attributes[string(sqstypes.QueueAttributeNameSqsManagedSseEnabled)], "dead-letter queue encrypted too")

	doc := parsePolicy(t, attrs.Attributes[string(sqstypes.QueueAttributeNamePolicy)])
	require.Len(t, doc.Statement, 1)
	st := doc.Statement[0]
	assert.Equal(t, stringList{"sns.amazonaws.com"}, st.Principal.Service)
	assert.Equal(t, stringList{"sqs:SendMessage"}, st.Action)
	assert.Equal(t, stringList{topicArn}, conditionValue(st, "aws:SourceArn"))

	subs, err := sns.NewFromConfig(cfg).ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: &topicArn})
	require.NoError(t, err)
	i := slices.IndexFunc(subs.Subscriptions, func(sub snstypes.Subscription) bool { return aws.ToString(sub.Endpoint) == queueArn })
	require.GreaterOrEqual(t, i, 0, "the LMS queue is not subscribed: %v", subs.Subscriptions)
	assert.Equal(t, "sqs", aws.ToString(subs.Subscriptions[i].Protocol))
	sa, err := sns.NewFromConfig(cfg).GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: subs.Subscriptions[i].SubscriptionArn})
	require.NoError(t, err)
	assert.Equal(t, "true", sa.Attributes["RawMessageDelivery"], "the LMS reads the message itself, not an SNS envelope")
}

// checkAlarms: every alarm on its metric and dimension, each to the alarms topic (never
// the jobs topic the LMS queue reads). MediaConvert's Queue dimension is the queue's ARN.
func checkAlarms(t *testing.T, cfg aws.Config, s *stack) {
	failureQueueURL := outputString(t, s, "failure_queue_url")
	failureQueue := failureQueueURL[strings.LastIndex(failureQueueURL, "/")+1:]
	undeliveredURL := notificationsOutput(t, s, "undelivered_queue_url").(string)
	lmsDLQURL := notificationsOutput(t, s, "lms_dead_letter_queue_url").(string)
	ruleName, _ := notificationsOutput(t, s, "rule_name").(string)
	want := map[string]struct {
		namespace, metric string
		dims              map[string]string
	}{
		s.application + "-converter-errors":    {"AWS/Lambda", "Errors", map[string]string{"FunctionName": s.functionName}},
		s.application + "-converter-throttles": {"AWS/Lambda", "Throttles", map[string]string{"FunctionName": s.functionName}},
		s.application + "-failure-queue":       {"AWS/SQS", "ApproximateNumberOfMessagesVisible", map[string]string{"QueueName": failureQueue}},
		s.application + "-mediaconvert-errors-Default": {"AWS/MediaConvert", "JobsErroredCount",
			map[string]string{"Queue": fmt.Sprintf("arn:aws:mediaconvert:%s:%s:queues/Default", env.Region, s.account)}},
		s.application + "-job-events-undelivered": {"AWS/Events", "FailedInvocations", map[string]string{"RuleName": ruleName}},
		s.application + "-job-events-undelivered-queue": {"AWS/SQS", "ApproximateNumberOfMessagesVisible",
			map[string]string{"QueueName": undeliveredURL[strings.LastIndex(undeliveredURL, "/")+1:]}},
		s.application + "-lms-dead-letter": {"AWS/SQS", "ApproximateNumberOfMessagesVisible",
			map[string]string{"QueueName": lmsDLQURL[strings.LastIndex(lmsDLQURL, "/")+1:]}},
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	out, err := cloudwatch.NewFromConfig(cfg).DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{AlarmNames: names})
	require.NoError(t, err)
	require.Len(t, out.MetricAlarms, len(want), "alarms found: %v", out.MetricAlarms)
	alarmsTopic := outputString(t, s, "alarms_topic_arn")
	for _, a := range out.MetricAlarms {
		w := want[aws.ToString(a.AlarmName)]
		assert.Equal(t, w.namespace, aws.ToString(a.Namespace), aws.ToString(a.AlarmName))
		assert.Equal(t, w.metric, aws.ToString(a.MetricName), aws.ToString(a.AlarmName))
		dims := map[string]string{}
		for _, d := range a.Dimensions {
			dims[aws.ToString(d.Name)] = aws.ToString(d.Value)
		}
		assert.Equal(t, w.dims, dims, aws.ToString(a.AlarmName))
		assert.Equal(t, cwtypes.ComparisonOperatorGreaterThanThreshold, a.ComparisonOperator, aws.ToString(a.AlarmName))
		assert.Equal(t, 0.0, aws.ToFloat64(a.Threshold), aws.ToString(a.AlarmName))
		assert.Equal(t, []string{alarmsTopic}, a.AlarmActions, aws.ToString(a.AlarmName))
		assert.Equal(t, []string{alarmsTopic}, a.OKActions, aws.ToString(a.AlarmName))
		assert.True(t, aws.ToBool(a.ActionsEnabled), aws.ToString(a.AlarmName))
	}
}

// checkDeliveryGone asks the APIs whether the distribution, rule and topic are deleted.
func checkDeliveryGone(t *testing.T, cfg aws.Config, s *stack) {
	ctx := context.Background()
	_, err := cloudfront.NewFromConfig(cfg).GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: aws.String(outputString(t, s, "distribution_id"))})
	var nsd *cftypes.NoSuchDistribution
	assert.True(t, errors.As(err, &nsd), "distribution still exists after destroy: %v", err)

	ruleName, _ := notificationsOutput(t, s, "rule_name").(string)
	_, err = eventbridge.NewFromConfig(cfg).DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: &ruleName})
	var rnf *ebtypes.ResourceNotFoundException
	assert.True(t, errors.As(err, &rnf), "rule still exists after destroy: %v", err)

	topicArn := outputString(t, s, "notifications_topic_arn")
	_, err = sns.NewFromConfig(cfg).GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: &topicArn})
	var tnf *snstypes.NotFoundException
	assert.True(t, errors.As(err, &tnf), "topic still exists after destroy: %v", err)
}
