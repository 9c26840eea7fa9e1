package test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/stretchr/testify/require"
)

// motoCredentials are what moto accepts; they exist only in this process and in the
// environment handed to terraform, never in a .tf file.
const (
	motoAccessKey = "test"
	motoSecretKey = "test"
)

// awsConfig is the SDK configuration for the target: moto's endpoint and dummy
// credentials, or the default credential chain against the real regional endpoints.
func awsConfig(t *testing.T) aws.Config {
	t.Helper()
	opts := []func(*config.LoadOptions) error{config.WithRegion(env.Region)}
	if !env.Real() {
		opts = append(opts,
			config.WithBaseEndpoint(env.Endpoint),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(motoAccessKey, motoSecretKey, "")),
		)
	}
	cfg, err := config.LoadDefaultConfig(context.Background(), opts...)
	require.NoError(t, err)
	return cfg
}

// stringList is an IAM policy field that may be one string or a list of strings.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = stringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*l = many
	return nil
}

// principal is "*" or a map such as {"Service": "lambda.amazonaws.com"}.
type principal struct {
	Everyone bool
	Service  stringList
	AWS      stringList
}

func (p *principal) UnmarshalJSON(b []byte) error {
	var star string
	if err := json.Unmarshal(b, &star); err == nil {
		p.Everyone = star == "*"
		return nil
	}
	var m struct {
		Service stringList
		AWS     stringList
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	p.Service, p.AWS = m.Service, m.AWS
	p.Everyone = slices.Contains(m.AWS, "*")
	return nil
}

type statement struct {
	Sid       string
	Effect    string
	Principal *principal
	Action    stringList
	Resource  stringList
	// operator -> condition key -> values, e.g. StringEquals -> aws:SourceAccount -> [123456789012]
	Condition map[string]map[string]stringList
}

type statements []statement

func (s *statements) UnmarshalJSON(b []byte) error {
	var one statement
	if len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = statements{one}
		return nil
	}
	var many []statement
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

type policyDocument struct {
	Version   string
	Statement statements
}

// parsePolicy reads a policy as IAM returns it (URL-encoded) or as S3/Lambda do (plain).
func parsePolicy(t *testing.T, raw string) policyDocument {
	t.Helper()
	if !strings.HasPrefix(strings.TrimSpace(raw), "{") {
		decoded, err := url.PathUnescape(raw)
		require.NoError(t, err)
		raw = decoded
	}
	var doc policyDocument
	require.NoError(t, json.Unmarshal([]byte(raw), &doc), "policy: %s", raw)
	require.NotEmpty(t, doc.Statement, "policy without statements: %s", raw)
	return doc
}

// allows returns the Allow statements that grant action (exact match or a wildcard pattern).
func (d policyDocument) allows(action string) []statement {
	var out []statement
	for _, s := range d.Statement {
		if s.Effect != "Allow" {
			continue
		}
		for _, a := range s.Action {
			if actionMatches(a, action) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// actionMatches says whether an IAM action pattern (case-insensitive, '*' wildcards) covers action.
func actionMatches(pattern, action string) bool {
	p, a := strings.ToLower(pattern), strings.ToLower(action)
	if !strings.Contains(p, "*") {
		return p == a
	}
	parts := strings.Split(p, "*")
	if !strings.HasPrefix(a, parts[0]) {
		return false
	}
	a = a[len(parts[0]):]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(a, part)
		if i < 0 {
			return false
		}
		a = a[i+len(part):]
	}
	return strings.HasSuffix(a, parts[len(parts)-1])
}

// rolePolicies returns every policy that grants the role something: its inline policies
// and the customer-managed policies attached to it. AWS-managed policies fail the test:
// the design grants nothing through them (the source system used AmazonS3FullAccess).
func rolePolicies(t *testing.T, client *iam.Client, roleName string) map[string]policyDocument {
	t.Helper()
	ctx := context.Background()
	docs := map[string]policyDocument{}

	inline, err := client.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: &roleName})
	require.NoError(t, err)
	for _, name := range inline.PolicyNames {
		p, err := client.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: &roleName, PolicyName: aws.String(name)})
		require.NoError(t, err)
		docs["inline:"+name] = parsePolicy(t, aws.ToString(p.PolicyDocument))
	}

	attached, err := client.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: &roleName})
	require.NoError(t, err)
	for _, a := range attached.AttachedPolicies {
		arn := aws.ToString(a.PolicyArn)
		require.False(t, strings.Contains(arn, ":iam::aws:policy/"), "role %s has the AWS-managed policy %s attached", roleName, arn)
		p, err := client.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: a.PolicyArn})
		require.NoError(t, err)
		v, err := client.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: a.PolicyArn, VersionId: p.Policy.DefaultVersionId})
		require.NoError(t, err)
		docs["managed:"+arn] = parsePolicy(t, aws.ToString(v.PolicyVersion.Document))
	}
	require.NotEmpty(t, docs, "role %s has no policies", roleName)
	return docs
}

// merged puts the statements of several policies into one document, for questions like
// "which statements allow X" that do not care where a grant lives.
func merged(docs map[string]policyDocument) policyDocument {
	var all policyDocument
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		all.Statement = append(all.Statement, docs[k].Statement...)
	}
	return all
}

func (s statement) String() string {
	b, _ := json.Marshal(s)
	return fmt.Sprintf("%s %s", s.Sid, b)
}
