"""Where the sandbox cannot be built: fail closed under CI, warn once locally, and the policy
from [tool.coursecheck] or COURSECHECK_SANDBOX. "Cannot be built" is made real: the CLI runs
in a user namespace whose max_user_namespaces is 0, so the launcher's clone fails."""

from __future__ import annotations

import subprocess

from attacks import AUTO, Attack, require

HELLO = 'fmt.Println("hello")'
NO_NAMESPACES = 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"'


def without_namespaces() -> tuple[str, ...]:
    unshare = require("unshare")
    probe = subprocess.run([unshare, "-Ur", "sh", "-c", NO_NAMESPACES, "sh", "true"], check=False)
    if probe.returncode != 0:
        raise AssertionError(
            "this test needs unprivileged user namespaces to take them away: on Ubuntu 24.04 "
            "run `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`"
        )
    return (unshare, "-Ur", "sh", "-c", NO_NAMESPACES, "sh")


def _two_snippets(attack: Attack) -> tuple[str, str]:
    return attack.snippet(HELLO, "hello"), attack.snippet('fmt.Println("again")', "again")


def test_under_ci_a_missing_sandbox_is_exit_2_naming_the_remedy(attack: Attack) -> None:
    env = {**AUTO, "CI": "true"}
    run = attack.check(*_two_snippets(attack), env=env, prefix=without_namespaces())
    assert run.exit_code == 2, run.text
    assert run.stdout == ""
    [line] = run.stderr.splitlines()
    assert line.startswith("coursecheck: error: the snippet sandbox cannot be built here (")
    assert "no space left on device" in line  # the kernel's answer, passed on, and explained
    assert "user namespaces are switched off or used up" in line
    assert "kernel.apparmor_restrict_unprivileged_userns=0" in line
    assert 'sandbox = "optional"' in line


def test_locally_a_missing_sandbox_is_one_warning_and_the_check_goes_on(attack: Attack) -> None:
    run = attack.check(*_two_snippets(attack), env=AUTO, prefix=without_namespaces())
    assert run.exit_code == 0, run.text
    [line] = run.stderr.splitlines()
    assert line.startswith("coursecheck: warning: the snippet sandbox cannot be built here (")
    assert "kernel.apparmor_restrict_unprivileged_userns=0" in line


def test_optional_allows_unsandboxed_runs_under_ci(attack: Attack) -> None:
    env = {"CI": "true", "COURSECHECK_SANDBOX": "optional"}
    run = attack.check(*_two_snippets(attack), env=env, prefix=without_namespaces())
    assert run.exit_code == 0, run.text
    assert run.stderr.startswith("coursecheck: warning: the snippet sandbox cannot be built")


def test_required_in_the_configuration_fails_closed_locally(attack: Attack) -> None:
    (attack.root / "pyproject.toml").write_text(
        '[tool.coursecheck]\ncourse = "."\nsandbox = "required"\n', encoding="utf-8"
    )
    run = attack.check(*_two_snippets(attack), env=AUTO, prefix=without_namespaces())
    assert run.exit_code == 2, run.text
    assert 'with sandbox = "required" coursecheck refuses' in run.stderr


def test_the_environment_overrides_the_configuration(attack: Attack) -> None:
    (attack.root / "pyproject.toml").write_text(
        '[tool.coursecheck]\ncourse = "."\nsandbox = "required"\n', encoding="utf-8"
    )
    env = {"COURSECHECK_SANDBOX": "optional"}
    run = attack.check(*_two_snippets(attack), env=env, prefix=without_namespaces())
    assert run.exit_code == 0, run.text


def test_a_bad_policy_is_a_configuration_error(attack: Attack) -> None:
    (attack.root / "pyproject.toml").write_text(
        '[tool.coursecheck]\ncourse = "."\nsandbox = "off"\n', encoding="utf-8"
    )
    run = attack.check(attack.snippet(HELLO, "hello"), env=AUTO)
    assert run.exit_code == 2
    assert run.stderr.strip().endswith(
        "pyproject.toml: [tool.coursecheck] sandbox must be one of 'auto', 'required', 'optional'"
    )


def test_where_the_sandbox_works_nothing_is_said(attack: Attack) -> None:
    run = attack.check(*_two_snippets(attack), env={**AUTO, "CI": "true"})
    assert (run.exit_code, run.stderr) == (0, ""), run.text
