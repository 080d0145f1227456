package bundle

import (
	"fmt"
	"io"
	"io/fs"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assurehq/assure/generator/model"
)

// BenchmarkPackage1GB packages ten artifacts of 100 MiB each, made as they
// are read, and reports the process's peak memory: streaming holds no
// artifact whole, so it stays far below the 1 GiB packaged (goal: under
// 200 MB). go test -bench Package1GB -benchtime 1x ./generator/bundle/
func BenchmarkPackage1GB(b *testing.B) {
	const artifacts, size = 10, 100 << 20
	e := &model.Evidence{Origin: model.Origin{File: "evidence/logs.md"}, ID: "EV-001"}
	files := fstest.MapFS{"evidence/logs.md": {Data: []byte("---\nid: EV-001\n---\n")}}
	for i := range artifacts {
		e.ArtifactFiles = append(e.ArtifactFiles, &model.Artifact{Path: fmt.Sprintf("evidence/log-%d.txt", i)})
	}
	src := generated{files: files, size: size}
	in := Input{Controls: []*model.Control{{ID: "SEC-001", EvidenceItems: []*model.Evidence{e}}}, Source: src, Title: "bench"}
	for b.Loop() {
		peak, stop := watchMemory()
		var out countingWriter
		sum, err := Write(&out, in)
		stop()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Content)/(1<<20), "MiB-packaged")
		b.ReportMetric(float64(out)/(1<<20), "MiB-zip")
		b.ReportMetric(float64(peak.Load())/1e6, "peak-MB")
	}
}

// generated serves files as a log of size bytes made while read, and the
// rest from files.
type generated struct {
	files fstest.MapFS
	size  int64
}

func (g generated) Open(name string) (fs.File, error) {
	if f, err := g.files.Open(name); err == nil {
		return f, nil
	}
	return &logFile{left: g.size}, nil
}

type logFile struct {
	left, line int64
	pending    []byte
}

func (f *logFile) Stat() (fs.FileInfo, error) { return nil, fs.ErrInvalid }
func (f *logFile) Close() error               { return nil }
func (f *logFile) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && f.left > 0 {
		if len(f.pending) == 0 {
			f.line++
			f.pending = strconv.AppendInt([]byte("2026-07-01T00:00:00Z INFO request served id="), f.line*7919, 10)
			f.pending = append(f.pending, '\n')
		}
		c := copy(p[n:], f.pending[:min(int64(len(f.pending)), f.left)])
		f.pending, f.left, n = f.pending[c:], f.left-int64(c), n+c
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// watchMemory samples the memory the Go runtime holds from the system
// until stopped, keeping the largest.
func watchMemory() (*atomic.Uint64, func()) {
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	go func() {
		defer close(stopped)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return &peak, func() { close(done); <-stopped }
}
