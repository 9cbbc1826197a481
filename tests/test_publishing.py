"""The CI templates a partnership publishes with (issue 19): their structure, checked as the
services read it, and every command they run is one this repository has."""

from __future__ import annotations

import re
from typing import Any

import yaml
from conftest import REPO

WORKFLOW = REPO / ".github/workflows/publish.yml"
GITLAB = REPO / ".gitlab-ci.yml"
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\d+(-\d+)?))*$")


def load(path: Any) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M))


def assert_make_commands(commands: list[str]) -> None:
    for command in commands:
        assert re.fullmatch(r"make [a-z-]+( [A-Z_]+=\S+)*", command), command
        assert command.split()[1] in make_targets(), command


def test_the_github_workflow_checks_builds_and_deploys() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert "pull_request" in triggers and "workflow_dispatch" in triggers
    (schedule,) = triggers["schedule"]  # daily: embargoes end and states change without a push
    fields = schedule["cron"].split()
    assert len(fields) == 5 and all(CRON_FIELD.match(field) for field in fields)
    assert fields[2:] == ["*", "*", "*"], "not daily"
    assert workflow["permissions"] == {"contents": "read"}  # the build job cannot write

    build = workflow["jobs"]["build"]
    steps = build["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["make check FORMAT=github", "make site"]  # annotations first, then the site
    assert_make_commands(runs)
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]
    assert uses["actions/cache"]["with"]["path"] == ".cache/generator"
    upload = uses["actions/upload-pages-artifact"]
    assert upload["with"]["path"] == "site"
    assert "pull_request" in upload["if"] and "refs/heads/main" in upload["if"]

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v4"]
    assert deploy["if"] == upload["if"]  # never from a pull request


def test_the_gitlab_pipeline_checks_builds_and_publishes() -> None:
    pipeline = load(GITLAB)
    assert pipeline["stages"] == ["check", "build", "deploy"]
    assert ".cache/generator/" in pipeline["cache"]["paths"]
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"check", "build", "pages"}
    for job in jobs.values():
        assert job["stage"] in pipeline["stages"]
        assert_make_commands([line for line in job["script"] if line.startswith("make")])
    assert jobs["check"]["script"] == ["make check"]
    assert jobs["pages"]["script"] == ["make site", "rm -rf public", "mv site public"]
    assert jobs["pages"]["artifacts"]["paths"] == ["public/"]  # GitLab Pages publishes public/
    assert jobs["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_the_readme_walks_through_publishing_from_a_browser() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Publishing from GitHub") :]
    section = section[: section.index("\n## ", 4)]
    for step in ("Settings", "Pages", "GitHub Actions", "pencil", "pull request", "Files changed", "merge"):
        assert step in section, step
