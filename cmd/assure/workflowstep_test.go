package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"go.yaml.in/yaml/v3"
)

// workflow is what the workflow commands read of a GitHub workflow.
type workflow struct {
	Defaults    defaults
	Permissions map[string]string
	Jobs        map[string]struct {
		Defaults    defaults
		Permissions map[string]string
		Steps       []struct{ Name, Run, Shell string }
	}
}

type defaults struct {
	Run struct{ Shell string }
}

func readWorkflow(ts *testscript.TestScript, file string) workflow {
	var wf workflow
	data, err := os.ReadFile(ts.MkAbs(file))
	ts.Check(err)
	ts.Check(yaml.Unmarshal(data, &wf))
	return wf
}

// runnerShells are the commands a GitHub runner (Linux) runs a step's
// script with, by its shell: keyword; "" is a step that names none, which
// runs without pipefail (actions/runner, docs/adrs/0277-run-action-shell-options.md).
var runnerShells = map[string][]string{
	"":     {"bash", "-e"},
	"bash": {"bash", "--noprofile", "--norc", "-eo", "pipefail"},
	"sh":   {"sh", "-e"},
}

// [!] workflow-step WORKFLOW STEP runs the run: script of the step named
// STEP, in any job of the GitHub workflow WORKFLOW, with the shell the
// runner would use for it (the step's shell:, else the job's or the
// workflow's defaults.run.shell): what a workflow decides (the drift
// check's new gaps) is tested as written and as run, not as restated.
func workflowStep(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: [!] workflow-step WORKFLOW STEP")
	}
	wf := readWorkflow(ts, args[0])
	for _, name := range slices.Sorted(maps.Keys(wf.Jobs)) {
		job := wf.Jobs[name]
		for _, step := range job.Steps {
			if step.Name != args[1] || step.Run == "" {
				continue
			}
			shell := firstOf(step.Shell, job.Defaults.Run.Shell, wf.Defaults.Run.Shell)
			argv, ok := runnerShells[shell]
			if !ok {
				ts.Fatalf("%s: step %q runs with shell %q, which workflow-step does not know", args[0], args[1], shell)
			}
			// Outside the repository the step runs in, as the runner's is.
			script := filepath.Join(ts.Getenv("WORK"), "workflow-step.sh")
			ts.Check(os.WriteFile(script, []byte(step.Run), 0o644))
			err := ts.Exec(argv[0], append(argv[1:], script)...)
			switch {
			case err != nil && !neg:
				ts.Fatalf("step %q failed: %v", args[1], err)
			case err == nil && neg:
				ts.Fatalf("step %q passed, want it to fail", args[1])
			}
			return
		}
	}
	ts.Fatalf("%s has no step %q with a run: script", args[0], args[1])
}

// workflow-permissions WORKFLOW JOB prints the permissions the job's token
// has, one "scope: access" a line, sorted: the job's own, else the
// workflow's (a job's permissions replace the workflow's, they do not add).
func workflowPermissions(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: workflow-permissions WORKFLOW JOB")
	}
	wf := readWorkflow(ts, args[0])
	job, ok := wf.Jobs[args[1]]
	if !ok {
		ts.Fatalf("%s has no job %q", args[0], args[1])
	}
	perms := job.Permissions
	if perms == nil {
		perms = wf.Permissions
	}
	var out strings.Builder
	for _, scope := range slices.Sorted(maps.Keys(perms)) {
		fmt.Fprintf(&out, "%s: %s\n", scope, perms[scope])
	}
	fmt.Fprint(ts.Stdout(), out.String())
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
