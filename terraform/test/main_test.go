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
	// Name is the emulator root's environment: it ends both bucket names and sits in every
	// function and role name, so runs against one account do not collide.
	Name string
}

func (t target) Real() bool { return t.Endpoint == "" }

var env target

// Set both to run the same tests against a real account with the ambient credentials
// (AWS_PROFILE, SSO, OIDC...). Nothing runs that by default.
const (
	realRegionVar = "LMS_HLS_REAL_AWS_REGION"
	stackNameVar  = "LMS_HLS_STACK_NAME"
)

// The pipeline module's rule for environment names.
var stackNamePattern = regexp.MustCompile(`^[a-z][a-z0-9]{1,9}$`)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if region := os.Getenv(realRegionVar); region != "" {
		name := os.Getenv(stackNameVar)
		if !stackNamePattern.MatchString(name) {
			fmt.Fprintf(os.Stderr, "%s is set, so %s must name this run's stack: 2-10 lowercase letters or digits, starting with a letter, unique in the account (bucket names are global); got %q\n", realRegionVar, stackNameVar, name)
			return 2
		}
		env = target{Region: region, Name: name}
		fmt.Printf("target: the real AWS account of the ambient credentials, %s, stack %q\n", region, name)
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
	// moto starts empty and is private to this run; the name still shows nothing is
	// hard-coded to dev or prod.
	env = target{Endpoint: moto.Endpoint, Region: "us-east-1", Name: "it"}
	fmt.Printf("target: moto_server at %s (log %s)\n", moto.Endpoint, moto.LogPath)
	code := m.Run()
	if code == 0 {
		os.RemoveAll(logDir) // kept on failure: moto's request log helps.
	}
	return code
}
