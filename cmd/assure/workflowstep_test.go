package main

import (
	"os"

	"github.com/rogpeppe/go-internal/testscript"
	"go.yaml.in/yaml/v3"
)

// workflow-step WORKFLOW STEP OUT writes the run: script of the step named
// STEP, in any job of the GitHub workflow WORKFLOW, to OUT: a script runs
// it with bash as the workflow would, so what a workflow decides (the drift
// check's new gaps) is tested as written, not as restated.
func workflowStep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: workflow-step WORKFLOW STEP OUT")
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct{ Name, Run string }
		}
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(yaml.Unmarshal(data, &wf))
	for _, job := range wf.Jobs {
		for _, step := range job.Steps {
			if step.Name == args[1] && step.Run != "" {
				ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte("set -eo pipefail\n"+step.Run), 0o644))
				return
			}
		}
	}
	ts.Fatalf("%s has no step %q with a run: script", args[0], args[1])
}
