// Package test applies the Terraform stack to an AWS API (moto on loopback by default, a
// real account on request) and checks the result through that API with the AWS SDK.
package test

import (
	"fmt"
	"os"
	"regexp"
	"testing"
)

// target says where the stack is applied. One per test binary: TestMain decides it.
type target struct {
	// Endpoint is moto's URL; empty means the real AWS endpoints.
	Endpoint string
	Region   string
	// NamePrefix makes every global name (buckets) and account-wide name (roles,
	// function) unique to this run.
	NamePrefix string
}

func (t target) Real() bool { return t.Endpoint == "" }

var env target

// Set both to run the same tests against a real account with the ambient credentials
// (AWS_PROFILE, SSO, OIDC...). Nothing here runs that by default.
const (
	realRegionVar = "LMS_HLS_REAL_AWS_REGION"
	namePrefixVar = "LMS_HLS_NAME_PREFIX"
)

var namePrefixPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,18}[a-z0-9]$`)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if region := os.Getenv(realRegionVar); region != "" {
		prefix := os.Getenv(namePrefixVar)
		if !namePrefixPattern.MatchString(prefix) {
			fmt.Fprintf(os.Stderr, "%s=%s needs %s: 2-20 characters of a-z, 0-9 and '-', unique to this run (bucket names are global)\n", realRegionVar, region, namePrefixVar)
			return 2
		}
		env = target{Region: region, NamePrefix: prefix}
		fmt.Printf("target: real AWS account in %s, names prefixed %q\n", region, prefix)
		return m.Run()
	}

	logDir, err := os.MkdirTemp("", "lms-hls-moto-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	moto, err := startMoto(logDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer moto.Stop()
	// moto is empty at start and private to this run, so fixed names cannot collide;
	// a prefix still shows that names are not hard-coded anywhere.
	env = target{Endpoint: moto.Endpoint, Region: "us-east-1", NamePrefix: "it"}
	fmt.Printf("target: moto_server at %s (log %s)\n", moto.Endpoint, moto.LogPath)
	code := m.Run()
	if code == 0 {
		os.RemoveAll(logDir)
	}
	return code
}
