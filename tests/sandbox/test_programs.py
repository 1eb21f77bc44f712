"""What ordinary programs and tests need still works inside the sandbox: time zones, a local
HTTP server (httptest), temporary files, the current user, goroutines, t.TempDir."""

from __future__ import annotations

from attacks import Attack, program

ORDINARY = program(
    "fmt io net/http net/http/httptest os os/user sync time",
    """
func main() {
	paris, err := time.LoadLocation("Europe/Paris")
	fmt.Println(paris, err)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "pong")
	}))
	defer server.Close()
	resp, err := http.Get(server.URL)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
	file, err := os.CreateTemp("", "scratch")
	fmt.Println(err, file.Close())
	me, err := user.Current()
	fmt.Println(me.Username, me.HomeDir == os.Getenv("HOME"), err)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Millisecond)
		}()
	}
	wg.Wait()
	fmt.Println("done")
}
""",
)
EXPECTED = "Europe/Paris <nil>\npong\n<nil> <nil>\nuser true <nil>\ndone"

TESTS = program(
    "os path/filepath testing",
    """
func TestTempDir(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWorkingDirectory(t *testing.T) {
	t.Parallel()
	if err := os.WriteFile("here", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}
""",
)


def test_ordinary_programs_and_tests_run_as_they_would_outside(attack: Attack) -> None:
    run = attack.check(attack.snippet(ORDINARY, EXPECTED), attack.snippet(TESTS, None, "go test"))
    assert run.exit_code == 0, run.text
    assert run.stderr == ""


def test_a_failing_test_is_still_a_test_failure(attack: Attack) -> None:
    failing = TESTS.replace('[]byte("x"), 0o644); err != nil', '[]byte("x"), 0o644); err == nil')
    run = attack.check(attack.snippet(failing, None, "go test"))
    assert run.exit_code == 1
    assert "GO007 go test fails:" in run.stdout, run.text
