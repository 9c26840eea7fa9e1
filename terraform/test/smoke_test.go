package test

import (
	"net/http"
	"testing"
)

func TestMotoUp(t *testing.T) {
	resp, err := http.Get(env.Endpoint + "/moto-api/data.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	t.Log(resp.StatusCode)
}
