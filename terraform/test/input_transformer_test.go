package test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An EventBridge input transformer as the EventBridge User Guide documents it ("Amazon
// EventBridge input transformation": the examples, predefined variables and "Common
// issues"), so a template can be checked here with the values EventBridge would paste in.
// moto 5.2.1 applies transformers only to SQS targets and re-serialises the result, which
// hides exactly the escaping problem this stands in for.
//
//   - <name> is replaced by the value its input path selects from the event.
//   - EventBridge does not escape extracted values: a string is pasted as it is. Between
//     the template's quotes it stays bare; outside quotes (a JSON template's value) it gets
//     quotes around it, still unescaped.
//   - Numbers, booleans and null are pasted as their JSON text.
//   - An object or array outside quotes is pasted as JSON (it is serialised, so its own
//     strings are escaped); inside quotes EventBridge removes its inner quotes.
//   - A path that selects nothing creates no variable: the placeholder becomes "".
//   - aws.events.rule-arn, aws.events.rule-name, aws.events.event.json are predefined.

type transformerContext struct {
	ruleArn, ruleName string
}

var placeholder = regexp.MustCompile(`<([A-Za-z0-9_.\-]+)>`)

// applyInputTransformer renders template for event. A JSON template (starting with { or
// [) has quoted and unquoted positions; any other template is one string.
func applyInputTransformer(paths map[string]string, template string, event map[string]any, ctx transformerContext) string {
	values := map[string]any{}
	for name, path := range paths {
		if v, ok := eventPath(event, path); ok {
			values[name] = v
		}
	}
	values["aws.events.rule-arn"] = ctx.ruleArn
	values["aws.events.rule-name"] = ctx.ruleName
	values["aws.events.event.json"] = event

	trimmed := strings.TrimSpace(template)
	jsonTemplate := strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[")
	var out strings.Builder
	inString := !jsonTemplate
	for i := 0; i < len(template); {
		c := template[i]
		if jsonTemplate && c == '\\' && inString && i+1 < len(template) {
			out.WriteString(template[i : i+2])
			i += 2
			continue
		}
		if jsonTemplate && c == '"' {
			inString = !inString
			out.WriteByte(c)
			i++
			continue
		}
		if c == '<' {
			if m := placeholder.FindStringSubmatch(template[i:]); m != nil && strings.HasPrefix(template[i:], m[0]) {
				if v, defined := values[m[1]]; defined {
					out.WriteString(render(v, inString))
				}
				i += len(m[0])
				continue
			}
		}
		out.WriteByte(c)
		i++
	}
	return out.String()
}

func render(v any, quoted bool) string {
	switch x := v.(type) {
	case string:
		if quoted {
			return x
		}
		return `"` + x + `"`
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case float64, int, int64, json.Number:
		return fmt.Sprint(x)
	default:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(x); err != nil {
			panic(err)
		}
		text := strings.TrimSuffix(buf.String(), "\n")
		if quoted {
			return strings.ReplaceAll(text, `"`, "")
		}
		return text
	}
}

// eventPath selects $.a.b[0].c from a decoded event.
func eventPath(event map[string]any, path string) (any, bool) {
	if path == "$" {
		return event, true
	}
	var cur any = event
	for _, part := range strings.Split(strings.TrimPrefix(path, "$."), ".") {
		name, index := part, -1
		if open := strings.Index(part, "["); open >= 0 && strings.HasSuffix(part, "]") {
			n, err := strconv.Atoi(part[open+1 : len(part)-1])
			if err != nil {
				return nil, false
			}
			name, index = part[:open], n
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[name]; !ok {
			return nil, false
		}
		if index >= 0 {
			list, ok := cur.([]any)
			if !ok || index >= len(list) {
				return nil, false
			}
			cur = list[index]
		}
	}
	return cur, true
}

// decodedEvent round-trips an event through JSON, as EventBridge holds it.
func decodedEvent(t *testing.T, event map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(event)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// The EventBridge User Guide's own examples, on its EC2 sample event.
func TestInputTransformerFollowsTheDocumentedExamples(t *testing.T) {
	t.Parallel()
	event := decodedEvent(t, map[string]any{
		"time": "2015-11-11T21:29:54Z", "region": "us-east-1", "account": "123456789012",
		"detail":    map[string]any{"instance-id": "i-0123456789", "state": "RUNNING"},
		"resources": []any{"arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789"},
	})
	paths := map[string]string{"instance": "$.detail.instance-id", "state": "$.detail.state", "resource": "$.resources[0]", "detail": "$.detail"}
	ctx := transformerContext{ruleArn: "arn:aws:events:us-east-1:123456789012:rule/r", ruleName: "r"}

	assert.Equal(t, "instance i-0123456789 is in RUNNING",
		applyInputTransformer(paths, "instance <instance> is in <state>", event, ctx))
	assert.Equal(t, `{"instance": "i-0123456789", "state": [9, "RUNNING", true], "Transformed": "Yes"}`,
		applyInputTransformer(paths, `{"instance": <instance>, "state": [9, <state>, true], "Transformed": "Yes"}`, event, ctx))
	assert.Equal(t, `i-0123456789 is in state "RUNNING"`,
		applyInputTransformer(paths, `<instance> is in state "<state>"`, event, ctx))
	assert.Equal(t, `{"detail": {"instance-id":"i-0123456789","state":"RUNNING"}}`,
		applyInputTransformer(paths, `{"detail": <detail>}`, event, ctx))
	assert.Equal(t, `{"d": "Detail is {instance-id:i-0123456789,state:RUNNING}"}`,
		applyInputTransformer(paths, `{"d": "Detail is <detail>"}`, event, ctx), "an object inside a string loses its quotes")
	assert.Equal(t, `{"rule": "r", "r0": "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789", "missing": ""}`,
		applyInputTransformer(map[string]string{"resource": "$.resources[0]", "gone": "$.detail.nothing"},
			`{"rule": "<aws.events.rule-name>", "r0": "<resource>", "missing": "<gone>"}`, event, ctx))
}

// The point of the whole exercise: values are not escaped, so a template that pastes a
// free-text string between quotes breaks on a quote, a backslash or a newline. The old
// job message did exactly that with errorMessage.
func TestInputTransformerDoesNotEscapeStrings(t *testing.T) {
	t.Parallel()
	event := decodedEvent(t, map[string]any{"detail": map[string]any{"errorMessage": "bad \"quote\""}})
	out := applyInputTransformer(map[string]string{"e": "$.detail.errorMessage"}, `{"errorMessage": "<e>"}`, event, transformerContext{})
	assert.Equal(t, `{"errorMessage": "bad "quote""}`, out)
	assert.False(t, json.Valid([]byte(out)), "pasting an unescaped string must give invalid JSON: %s", out)
}

// hostileErrorMessages are what MediaConvert may put in errorMessage (it quotes setting
// values and file names, and some messages span lines).
var hostileErrorMessages = []string{
	`Invalid value "1920x1080" for Width`,
	`File s3://in/lecture\ one.mp4 not found`,
	"Line one\nLine two\r\n\tindented",
	`backslash at the end \`,
	`{"nested": "json"} and </script> <detail>`,
	"unicode \u2028 separator and \u0000 nul",
}

// checkJobMessageAlwaysParses feeds sample events with hostile error messages (and asset
// ids using every character the converter may produce) through the target's transformer
// exactly as read back from the API, and asks that the LMS gets valid JSON carrying the
// message unchanged.
func checkJobMessageAlwaysParses(t *testing.T, paths map[string]string, template string, application string) {
	t.Helper()
	for _, msg := range hostileErrorMessages {
		event := sampleJobEvent(application, "ERROR")
		detail := event["detail"].(map[string]any)
		detail["errorMessage"] = msg
		um := detail["userMetadata"].(map[string]any)
		um["assetID"] = "course-1/Caf=C3=A9=20talk@MP4"
		um["masterKey"] = "assets/course-1/Caf=C3=A9=20talk@MP4/HLS/Caf=C3=A9=20talk.m3u8"
		out := applyInputTransformer(paths, template, decodedEvent(t, event), transformerContext{})
		var parsed map[string]any
		if !assert.NoError(t, json.Unmarshal([]byte(out), &parsed), "error message %q gives a message that is not JSON: %s", msg, out) {
			continue
		}
		got, _ := eventPath(parsed, "$.detail.errorMessage")
		assert.Equal(t, msg, got, "the error message must arrive unchanged")
		assert.Equal(t, "course-1/Caf=C3=A9=20talk@MP4", parsed["assetId"])
	}
}
