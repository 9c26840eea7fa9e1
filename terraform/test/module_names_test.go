package test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The two notification modules got names that say what they are (upload-trigger: the S3
// bucket notification; job-events: EventBridge, SNS, alarms). A deployed stack keeps its
// resources only if the pipeline tells Terraform where they went: a moved block per
// renamed module call (and per renamed resource inside job-events), else the next apply
// would destroy and recreate the notification, the topic and its key.
func TestRenamedModulesAndResourcesCarryMovedBlocks(t *testing.T) {
	t.Parallel()
	for file, moves := range map[string][][2]string{
		"terraform/modules/pipeline/main.tf": {
			{"module.notification", "module.upload_trigger"},
			{"module.notifications", "module.job_events"},
		},
		"terraform/modules/job-events/main.tf": {
			{"aws_sns_topic.this", "aws_sns_topic.jobs"},
			{"aws_sns_topic_policy.this", "aws_sns_topic_policy.jobs"},
		},
	} {
		b, err := os.ReadFile(filepath.Join(repoRoot, file))
		require.NoError(t, err)
		for _, m := range moves {
			re := regexp.MustCompile(`moved\s*\{\s*from\s*=\s*` + regexp.QuoteMeta(m[0]) + `\s+to\s*=\s*` + regexp.QuoteMeta(m[1]) + `\s*\}`)
			assert.Regexp(t, re, string(b), "%s: no moved block from %s to %s", file, m[0], m[1])
		}
	}
	for _, gone := range []string{"terraform/modules/notification", "terraform/modules/notifications"} {
		_, err := os.Stat(filepath.Join(repoRoot, gone))
		assert.True(t, os.IsNotExist(err), "%s still exists", gone)
	}
}
