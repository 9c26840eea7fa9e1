package test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The stack test trusts these helpers to find what is wrong; they are checked here on
// policies written the ways IAM, S3 and Lambda return them.

func TestActionMatchesWildcardsCaseInsensitively(t *testing.T) {
	t.Parallel()
	assert.True(t, actionMatches("iam:PassRole", "iam:passrole"))
	assert.True(t, actionMatches("iam:*", "iam:PassRole"))
	assert.True(t, actionMatches("*", "s3:GetObject"))
	assert.True(t, actionMatches("s3:Get*", "s3:GetObject"))
	assert.True(t, actionMatches("s3:*Object", "s3:PutObject"))
	assert.False(t, actionMatches("s3:Get*", "s3:PutObject"))
	assert.False(t, actionMatches("iam:PassRole", "iam:PassRoles"))
}

func TestParsePolicyReadsUrlEncodedSingleStatementAndScalarFields(t *testing.T) {
	t.Parallel()
	// IAM returns documents URL-encoded; a lone Statement object and scalar Action are legal.
	raw := "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C" +
		"%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%7D"
	doc := parsePolicy(t, raw)
	require.Len(t, doc.Statement, 1)
	s := doc.Statement[0]
	assert.Equal(t, stringList{"lambda.amazonaws.com"}, s.Principal.Service)
	assert.Equal(t, stringList{"sts:AssumeRole"}, s.Action)
	assert.False(t, s.Principal.Everyone)
}

func TestPolicyAllowsFindsWildcardGrantsAndIgnoresDenies(t *testing.T) {
	t.Parallel()
	doc := parsePolicy(t, `{"Statement":[
		{"Effect":"Deny","Principal":"*","Action":"iam:PassRole","Resource":"*"},
		{"Effect":"Allow","Action":["iam:*"],"Resource":"*"},
		{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":["a","b"],
		 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	grants := doc.allows("iam:PassRole")
	require.Len(t, grants, 1, "the iam:* grant, not the deny")
	assert.Equal(t, stringList{"*"}, grants[0].Resource)
	s3 := doc.allows("s3:GetObject")
	require.Len(t, s3, 1)
	assert.True(t, s3[0].Principal.Everyone)
	assert.Equal(t, stringList{"false"}, s3[0].Condition["Bool"]["aws:SecureTransport"])
	assert.Equal(t, stringList{"false"}, conditionValue(s3[0], "AWS:SECURETRANSPORT"))
}
