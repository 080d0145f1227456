package render

import "testing"

// A theme's base layout gets the robots tag where a browser reads it, in
// the head, whatever the layout looks like; one that speaks to robots
// already keeps its own.
func TestWithRobots(t *testing.T) {
	for base, want := range map[string]string{
		"<!DOCTYPE html>\n<html><head>\n<title>x</title>": "<!DOCTYPE html>\n<html><head>\n" + RobotsMeta + "\n<title>x</title>",
		"<html><Head profile=\"x\"><title>x</title>":      "<html><Head profile=\"x\">\n" + RobotsMeta + "<title>x</title>",
		"<!DOCTYPE html>\n<header>no head</header>":       "<!DOCTYPE html>\n" + RobotsMeta + "\n<header>no head</header>",
		"<p>bare</p>": RobotsMeta + "\n<p>bare</p>",
		"<head><META NAME=robots content=noarchive></head>": "<head><META NAME=robots content=noarchive></head>",
	} {
		if got := withRobots(base); got != want {
			t.Errorf("withRobots(%q) = %q, want %q", base, got, want)
		}
	}
}
