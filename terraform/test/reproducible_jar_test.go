package test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scripts/reproducible-jar.sh in a scratch copy of the repository layout, with a stand-in
// `mvn` that writes a jar whose bytes the test chooses and logs every build, so the test
// sees how many Maven builds the script makes and what it compares.
func runReproducibleJar(t *testing.T, jarExists, sourceNewer bool, secondBuildBytes string) (builds int, out string, err error) {
	t.Helper()
	dir := t.TempDir()
	script, rerr := os.ReadFile(filepath.Join(repoRoot, "scripts", "reproducible-jar.sh"))
	require.NoError(t, rerr)
	for _, d := range []string{"scripts", "lambda-java/converter/src", "lambda-java/converter/target", "job-templates", "bin", "jdk/bin"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	write := func(rel, text string, mode os.FileMode) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, rel), []byte(text), mode))
	}
	write("scripts/reproducible-jar.sh", string(script), 0o755)
	write("lambda-java/pom.xml", "<project/>", 0o644)
	write("lambda-java/converter/src/Handler.java", "class Handler {}", 0o644)
	write("job-templates/hls-abr.json", "{}", 0o644)
	write("jdk/bin/java", "#!/bin/sh\nexit 0\n", 0o755)
	// Each build writes BUILD_BYTES_<n> (default "same") as the jar and logs the build.
	write("bin/mvn", `#!/bin/sh
n=$(($(cat "$MVN_LOG" 2>/dev/null | wc -l) + 1))
echo build >> "$MVN_LOG"
eval "bytes=\${BUILD_BYTES_$n:-same}"
printf '%s' "$bytes" > lambda-java/converter/target/converter.jar
`, 0o755)
	old := time.Now().Add(-time.Hour)
	for _, f := range []string{"lambda-java/pom.xml", "lambda-java/converter/src/Handler.java", "job-templates/hls-abr.json"} {
		require.NoError(t, os.Chtimes(filepath.Join(dir, f), old, old))
	}
	if jarExists {
		write("lambda-java/converter/target/converter.jar", "same", 0o644)
		stamp := old.Add(time.Minute)
		require.NoError(t, os.Chtimes(filepath.Join(dir, "lambda-java/converter/target/converter.jar"), stamp, stamp))
	}
	if sourceNewer {
		now := time.Now()
		require.NoError(t, os.Chtimes(filepath.Join(dir, "lambda-java/converter/src/Handler.java"), now, now))
	}
	log := filepath.Join(dir, "mvn.log")
	cmd := exec.Command("bash", filepath.Join(dir, "scripts", "reproducible-jar.sh"), filepath.Join(dir, "jars"))
	cmd.Env = append(os.Environ(), "PATH="+filepath.Join(dir, "bin")+":"+os.Getenv("PATH"), "JAVA_HOME="+filepath.Join(dir, "jdk"),
		"MVN_LOG="+log, "MAVEN_OPTS=-Dquiet")
	if secondBuildBytes != "" {
		n := 2
		if jarExists && !sourceNewer {
			n = 1 // the only build is the script's first
		}
		cmd.Env = append(cmd.Env, "BUILD_BYTES_"+strconv.Itoa(n)+"="+secondBuildBytes)
	}
	b, err := cmd.CombinedOutput()
	if logged, rerr := os.ReadFile(log); rerr == nil {
		builds = strings.Count(string(logged), "build")
	}
	return builds, string(b), err
}

// make test builds the reactor in make unit; the check reuses that jar and rebuilds once.
func TestReproducibleJarReusesTheCurrentBuildAndRebuildsOnce(t *testing.T) {
	t.Parallel()
	builds, out, err := runReproducibleJar(t, true, false, "")
	require.NoError(t, err, out)
	assert.Equal(t, 1, builds, "one clean rebuild next to the jar make unit built:\n%s", out)
	assert.Contains(t, out, "build 1 is the current jar")
}

func TestReproducibleJarBuildsTwiceWhenTheJarIsStale(t *testing.T) {
	t.Parallel()
	for name, jarExists := range map[string]bool{"no jar": false, "sources newer": true} {
		builds, out, err := runReproducibleJar(t, jarExists, true, "")
		require.NoError(t, err, "%s: %s", name, out)
		assert.Equal(t, 2, builds, "%s: two clean builds:\n%s", name, out)
	}
}

// The guarantee is kept: a rebuild that differs from the reused jar fails the check.
func TestReproducibleJarFailsWhenTheRebuildDiffers(t *testing.T) {
	t.Parallel()
	_, out, err := runReproducibleJar(t, true, false, "different")
	require.Error(t, err, out)
	assert.Contains(t, out, "FAILED: two builds differ")
}
