package test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/gruntwork-io/terratest/modules/terraform"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// motoDrift names what moto 5.2.1 does not store and therefore reads back empty: per
// resource type, the fields a second plan may want to set again. Nothing else may change.
//   - aws_cloudfront_distribution: Origins.Items[].OriginAccessControlId is dropped
//     (the origin-to-OAC link; the plan below proves Terraform still wants it), and
//     ViewerCertificate.SSLSupportMethod comes back as "sni-only" when none was sent.
var motoDrift = map[string]func(t *testing.T, s *stack, before, after map[string]any){
	"aws_cloudfront_distribution": func(t *testing.T, s *stack, before, after map[string]any) {
		oac := outputString(t, s, "origin_access_control_id")
		for _, o := range blocks(after, "origin") {
			assert.Equal(t, oac, o["origin_access_control_id"], "the planned origin must carry the stack's origin access control")
		}
		for _, m := range []map[string]any{before, after} {
			for _, o := range blocks(m, "origin") {
				delete(o, "origin_access_control_id")
			}
			for _, v := range blocks(m, "viewer_certificate") {
				delete(v, "ssl_support_method")
			}
		}
	},
}

func blocks(m map[string]any, name string) []map[string]any {
	list, _ := m[name].([]any)
	var out []map[string]any
	for _, b := range list {
		if bm, ok := b.(map[string]any); ok {
			out = append(out, bm)
		}
	}
	return out
}

// secondPlanIsClean plans again right after apply. Against a real account nothing may
// change. Against moto only in-place updates of the fields in motoDrift are tolerated,
// and only if everything else in those resources is unchanged.
func secondPlanIsClean(t *testing.T, opts *terraform.Options, work string, s *stack) {
	if env.Real() {
		// -detailed-exitcode: 0 no changes, 2 changes.
		require.Equal(t, 0, terraform.PlanExitCode(t, opts), "a plan right after apply wants changes")
		return
	}
	planFile := filepath.Join(work, "second.tfplan")
	terraform.RunTerraformCommand(t, opts, terraform.FormatArgs(opts, "plan", "-input=false", "-out="+planFile)...)
	raw := terraform.RunTerraformCommandAndGetStdout(t, opts, "show", "-json", planFile)
	var plan tfjson.Plan
	require.NoError(t, json.Unmarshal([]byte(raw), &plan))

	for _, rc := range plan.ResourceChanges {
		if rc.Change.Actions.NoOp() || rc.Change.Actions.Read() {
			continue
		}
		tolerate, known := motoDrift[rc.Type]
		if !known || !rc.Change.Actions.Update() {
			t.Errorf("a plan right after apply wants to %v %s", rc.Change.Actions, rc.Address)
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		require.NotNil(t, before, rc.Address)
		require.NotNil(t, after, rc.Address)
		tolerate(t, s, before, after)
		assert.Equal(t, before, after, "%s changes beyond what moto 5.2.1 does not store", rc.Address)
	}
}

// keyGroupAddress is the one resource moto 5.2.1 can create and read but not delete: it
// has no DeleteKeyGroup, and the provider would retry the delete until the test times out.
const keyGroupAddress = "module.pipeline.module.delivery.aws_cloudfront_key_group.this[0]"

// forgetWhatMotoCannotDelete drops the key group from the state before destroy when the
// target is moto, so the rest of the stack is destroyed (and checked gone) normally.
// Against a real account everything is destroyed.
func forgetWhatMotoCannotDelete(t *testing.T, opts *terraform.Options) {
	if env.Real() {
		return
	}
	t.Logf("moto 5.2.1 has no DeleteKeyGroup: %s is removed from the state instead of destroyed", keyGroupAddress)
	terraform.RunTerraformCommand(t, opts, "state", "rm", "-lock=false", keyGroupAddress)
}
