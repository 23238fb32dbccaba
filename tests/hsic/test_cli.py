"""``mathlab hsic`` (and scripts/hsic.py): real tables, adjusted p-values, outputs, errors.

Numbers are checked against direct calls of mathlab.hsic on arrays read independently of the
command line (numpy / the csv module), adjusted p-values against scipy and a hand computation.
"""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import mathlab.hsic
from mathlab.cli import main
from mathlab.cli import hsic as cli
from mathlab.cli._pvalues import adjust_pvalues
from mathlab.hsic import hsic, hsic_test

ROOT = Path(__file__).resolve().parents[2]
HEALTH = ROOT / "examples" / "health.csv"
SCRIPT = ROOT / "scripts" / "hsic.py"


def _cli(capsys, *args):
    """Run ``mathlab hsic ARGS`` in this process: (status, stdout, stderr)."""
    status = main(["hsic", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def _fails(capsys, *args) -> str:
    status, out, err = _cli(capsys, *args)
    assert status == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mathlab hsic: error: "), err
    return lines[0]


def _json(capsys, tmp_path, *args) -> dict:
    out = tmp_path / "results.json"
    status, stdout, err = _cli(capsys, *args, "--json", out)
    assert status == 0 and err == "", err
    return json.loads(out.read_text())


def _health_columns():
    """examples/health.csv read with the csv module: {name: list of cell texts}."""
    with open(HEALTH, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return {name: [row[k] for row in rows[1:]] for k, name in enumerate(rows[0])}


def _write(path, rows, **options):
    encoding = options.pop("encoding", "utf-8")
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, **options).writerows(rows)
    return path


@pytest.fixture(scope="module")
def data_csv(tmp_path_factory):
    rng = np.random.default_rng(0)
    n = 150
    x = rng.uniform(-1, 1, n)
    table = np.c_[x, x**2 + 0.1 * rng.normal(size=n), rng.normal(size=n)]
    path = tmp_path_factory.mktemp("hsic") / "data.csv"
    np.savetxt(path, table, delimiter=",", header="target,square,noise", comments="")
    return path, table


# --------------------------------------------------------------------------- numbers

def test_ranks_columns_with_statistics_of_the_library(capsys, tmp_path, data_csv):
    path, table = data_csv
    result = _json(capsys, tmp_path, path, "--x", "noise", "--x", "square", "--y", "target")
    rows = result["results"]
    assert [r["column"] for r in rows] == ["square", "noise"] and [r["rank"] for r in rows] == [1, 2]
    for r, k in zip(rows, (1, 2)):
        res = hsic_test(table[:, k], table[:, 0])
        assert r["statistic"] == pytest.approx(res.statistic, rel=1e-12)
        assert r["pvalue"] == pytest.approx(res.pvalue, rel=1e-12)
        assert r["normalised"] == pytest.approx(hsic(table[:, k], table[:, 0], normalize=True),
                                                rel=1e-10)
        assert r["rows"] == 150 and r["kernel"] == "gaussian"
        assert r["sigma"] == pytest.approx(res.sigma)
    bh = stats.false_discovery_control([r["pvalue"] for r in rows], method="bh")
    assert [r["pvalue_adjusted"] for r in rows] == pytest.approx(bh, rel=1e-12)
    assert result["adjust"] == "bh"  # the default with several --x


def test_printed_table_says_what_was_computed(capsys, data_csv):
    path, table = data_csv
    status, out, err = _cli(capsys, path, "--x", "square", "--y", "target")
    assert status == 0 and err == ""
    comments = [line for line in out.splitlines() if line.startswith("#")]
    assert any("150 data rows" in line and "delimiter ','" in line for line in comments)
    assert any("method gamma" in line for line in comments)
    header, row = out.splitlines()[len(comments):]
    assert header.split() == ["rank", "column", "kernel", "sigma", "rows", "statistic",
                              "normalised", "p-value"]  # one --x: no adjustment by default
    rank, name, kernel, sigma, rows, statistic, normalised, p = row.split()
    res = hsic_test(table[:, 1], table[:, 0])
    assert (name, kernel, rows) == ("square", "gaussian", "150")
    assert float(statistic) == pytest.approx(res.statistic, rel=1e-5)
    assert float(p) == pytest.approx(res.pvalue, rel=1e-2)


def test_permutation_method_is_seeded(capsys, tmp_path, data_csv):
    path, table = data_csv
    result = _json(capsys, tmp_path, path, "--x", "noise", "--y", "target", "--method",
                   "permutation", "--permutations", "99", "--seed", "3")
    expected = hsic_test(table[:, 2], table[:, 0], method="permutation", n_permutations=99,
                         random_state=3)
    assert result["results"][0]["pvalue"] == expected.pvalue


@pytest.mark.parametrize("method, option", [("rff", ("--n-features", "64")),
                                            ("nystrom", ("--n-inducing", "32")),
                                            ("block", ("--block-size", "5"))])
def test_approximate_methods_are_linear_time_end_to_end(capsys, tmp_path, monkeypatch,
                                                        data_csv, method, option):
    path, table = data_csv

    def quadratic(*args, **kwargs):
        raise AssertionError("an exact O(n^2) pass was made")

    monkeypatch.setattr(mathlab.hsic, "hsic", quadratic)
    monkeypatch.setattr(mathlab.hsic.statistics, "pair_sums", quadratic)
    monkeypatch.setattr(mathlab.hsic.nulls, "pair_sums", quadratic)
    keyword = {"--n-features": "n_features", "--n-inducing": "n_inducing",
               "--block-size": "block_size"}[option[0]]
    args = ["--x", "square", "--y", "target", "--method", method, *option, "--seed", "1"]
    if method != "block":
        args += ["--permutations", "49"]
    result = _json(capsys, tmp_path, path, *args)
    monkeypatch.undo()
    row = result["results"][0]
    expected = hsic_test(table[:, 1], table[:, 0], method=method, n_permutations=49,
                         random_state=1, **{keyword: int(option[1])})
    assert row["statistic"] == pytest.approx(expected.statistic, rel=1e-12)
    assert row["pvalue"] == pytest.approx(expected.pvalue, rel=1e-12)
    assert row["normalised"] is None
    tested = {"rff": 150, "nystrom": 150 - 32, "block": 150}[method]
    assert row["rows"] == tested == expected.details.get("rows_tested",
                                                         expected.details.get("rows_used"))
    if method == "block":
        assert row["z"] == pytest.approx(expected.statistic)
    else:
        null = expected.null_distribution
        z = (expected.statistic - null.mean()) / null.std(ddof=1)
        assert row["z"] == pytest.approx(z, rel=1e-10)


# --------------------------------------------------------------------------- real tables

def _health_reference(x_name, y_name, **kwargs):
    cols = _health_columns()
    keep = [i for i, (a, b) in enumerate(zip(cols[x_name], cols[y_name]))
            if a not in ("", "NA") and b not in ("", "NA")]

    def values(name):
        cells = [cols[name][i] for i in keep]
        try:
            return np.array([float(c) for c in cells])
        except ValueError:
            return cells  # labels, encoded by the delta kernel itself

    x, y = values(x_name), values(y_name)
    kernel = "delta" if isinstance(x, list) else "gaussian"
    kernel_y = "delta" if isinstance(y, list) else "gaussian"
    return hsic_test(x, y, kernel=kernel, kernel_y=kernel_y, **kwargs), len(keep)


def test_example_table_numeric_and_categorical_columns(capsys, tmp_path):
    result = _json(capsys, tmp_path, HEALTH, "--y", "systolic", "--x", "age", "--x",
                   "smoker", "--x", "region")
    by_name = {r["column"]: r for r in result["results"]}
    assert result["categorical"] == ["smoker", "region"]
    assert by_name["smoker"]["kernel"] == "delta" and by_name["smoker"]["sigma"] is None
    assert by_name["age"]["kernel"] == "gaussian"
    for name, row in by_name.items():
        expected, n = _health_reference(name, "systolic")
        assert row["statistic"] == pytest.approx(expected.statistic, rel=1e-12)
        assert row["pvalue"] == pytest.approx(expected.pvalue, rel=1e-12)
        assert row["rows"] == n == 200
    assert by_name["age"]["pvalue"] < 1e-10 and by_name["smoker"]["pvalue"] < 1e-3
    assert by_name["region"]["pvalue"] > 0.05  # simulated independent of everything
    status, out, _ = _cli(capsys, HEALTH, "--y", "systolic", "--x", "smoker")
    assert "delta (categorical" in out and "'smoker' (2 categories)" in out


def test_bom_quoting_semicolons_crlf_and_decimal_comma(capsys, tmp_path):
    with open(HEALTH, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    args = ("--y", "glucose", "--x", "bmi", "--x", "sex", "--x", "cholesterol", "--dropna")
    plain = _json(capsys, tmp_path, HEALTH, *args)["results"]
    excel = _write(tmp_path / "excel.csv", rows, encoding="utf-8-sig", delimiter=";",
                   quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    assert excel.read_bytes().startswith(b'\xef\xbb\xbf"age";"sex"')
    comma = [rows[0]] + [[cell.replace(".", ",") for cell in row] for row in rows[1:]]
    european = _write(tmp_path / "european.csv", comma, delimiter=";")
    for variant in ((excel,), (excel, "--delimiter", ";"), (european, "--decimal", ",")):
        result = _json(capsys, tmp_path, *variant, *args)
        assert result["delimiter"] == ";"
        assert result["results"] == plain
    message = _fails(capsys, european, *args)  # decimal commas without --decimal
    assert "'bmi' holds numbers with a decimal comma" in message and "--decimal" in message


def test_quoted_cells_with_delimiters_and_line_breaks(capsys, tmp_path):
    rng = np.random.default_rng(5)
    x = rng.normal(size=60)
    labels = np.where(x > 0, 'high, "hot"', "low;\ncold")
    rows = [["x value", "label"]] + [[repr(float(v)), lab] for v, lab in zip(x, labels)]
    path = _write(tmp_path / "quoted.csv", rows, quoting=csv.QUOTE_NONNUMERIC)
    row = _json(capsys, tmp_path, path, "--x", "label", "--y", "x value")["results"][0]
    expected = hsic_test(list(labels), x, kernel="delta", kernel_y="gaussian")
    assert row["kernel"] == "delta" and row["rows"] == 60
    assert row["statistic"] == pytest.approx(expected.statistic, rel=1e-12)


def test_empty_cells_error_names_line_and_column(capsys):
    text = HEALTH.read_text(encoding="utf-8").splitlines()
    column = text[0].split(",").index("cholesterol")
    line = next(k for k, row in enumerate(text, start=1) if k > 1 and
                row.split(",")[column] in ("", "NA"))
    message = _fails(capsys, HEALTH, "--y", "systolic", "--x", "cholesterol")
    assert f"'{HEALTH}' line {line}, column 'cholesterol': empty cell" in message
    assert "--dropna" in message
    # missing cells of columns that are not used do not matter
    assert _cli(capsys, HEALTH, "--y", "systolic", "--x", "age")[0] == 0


def test_dropna_rows_tested_in_every_row(capsys, tmp_path):
    result = _json(capsys, tmp_path, HEALTH, "--y", "systolic", "--x", "cholesterol",
                   "--x", "age", "--x", "sex", "--dropna", "--method", "permutation",
                   "--permutations", "99")
    assert result["rows_read"] == 200 and result["rows_dropped"] == 7
    assert result["missing"] == {"cholesterol": 7}
    for row in result["results"]:
        expected, n = _health_reference("cholesterol", "systolic", method="permutation",
                                        n_permutations=99, random_state=0) \
            if row["column"] == "cholesterol" else (None, 193)
        assert row["rows"] == 193 == n
        if expected is not None:
            assert row["statistic"] == pytest.approx(expected.statistic, rel=1e-12)
            assert row["pvalue"] == expected.pvalue
    status, out, _ = _cli(capsys, HEALTH, "--y", "systolic", "--x", "cholesterol", "--x",
                          "age", "--dropna")
    table = [line.split() for line in out.splitlines() if not line.startswith("#")]
    assert table[0][4] == "rows" and [row[4] for row in table[1:]] == ["193", "193"]
    assert "dropped 7 rows with missing cells (7 in 'cholesterol')" in out


def test_declared_categorical_codes_and_mixed_columns(capsys, tmp_path):
    rng = np.random.default_rng(2)
    group = rng.integers(1, 4, 90)
    y = group + 0.5 * rng.normal(size=90)
    rows = [["group", "y"]] + [[str(g), repr(float(v))] for g, v in zip(group, y)]
    path = _write(tmp_path / "codes.csv", rows)
    coded = _json(capsys, tmp_path, path, "--x", "group", "--y", "y", "--categorical",
                  "group")["results"][0]
    assert coded["kernel"] == "delta"
    expected = hsic_test([f"g{g}" for g in group], y, kernel="delta", kernel_y="gaussian")
    assert coded["statistic"] == pytest.approx(expected.statistic, rel=1e-12)
    numeric = _json(capsys, tmp_path, path, "--x", "group", "--y", "y")["results"][0]
    assert numeric["kernel"] == "gaussian"
    rows[7][0] = "2x"
    _write(path, rows)
    message = _fails(capsys, path, "--x", "group", "--y", "y")
    assert "column 'group' mixes numbers (line 2:" in message
    assert "text (line 8: '2x')" in message and "--categorical 'group'" in message


@pytest.mark.parametrize("content, expected", [
    ("a,b,a\n1,2,3\n", "has two columns named 'a' (columns 1 and 3)"),
    ("a,b\n1,2\n3\n", "line 3 has 1 cells; the header has 2"),
    ("a,b\n1,inf\n2,3\n", "line 2, column 'b': 'inf' is not a finite number"),
    ("a,b\n1,1e999\n2,3\n", "line 2, column 'b': '1e999' is beyond the range"),
    ("", "is empty; expected a header row"),
    ("a,b\n", "has a header but no data rows"),
    ("a,b\n1,x\n2,x\n3,x\n", "column 'b' has one value ('x') in all 3 rows"),
    ("a,b\n1,5\n2,5\n3,5\n", "column 'b' is constant (5 in all 3 rows"),
    ("a,b\n1,x\n2,y\n3,z\n", "column 'b' has a different text value in each of the 3 rows"),
])
def test_bad_tables_one_line(capsys, tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert expected in _fails(capsys, path, "--x", "a", "--y", "b")


def test_unreadable_files_quote_the_path(capsys, tmp_path):
    missing = tmp_path / "missing.csv"
    assert f"cannot read '{missing}': No such file" in _fails(capsys, missing, "--x", "a",
                                                              "--y", "b")
    assert "it is a directory" in _fails(capsys, tmp_path, "--x", "a", "--y", "b")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("nom,b\n1,caf\xe9\n".encode("latin-1"))
    assert f"'{latin}' is not UTF-8 text" in _fails(capsys, latin, "--x", "nom", "--y", "b")
    message = _fails(capsys, HEALTH, "--x", "nope", "--y", "age")
    assert f"no column 'nope' in '{HEALTH}'; its columns are 'age'" in message


# --------------------------------------------------------------------------- adjustment

def test_adjusted_pvalues_bh_against_scipy_and_holm_by_hand():
    assert adjust_pvalues([0.01, 0.04, 0.03, 0.005], "holm") == pytest.approx(
        [0.03, 0.06, 0.06, 0.02], abs=1e-15)  # 4*0.005, 3*0.01, max(2*0.03, 0.04) twice
    rng = np.random.default_rng(3)
    for m in (1, 2, 7, 50):
        p = rng.uniform(size=m) ** 3
        p[: m // 3] = p[0]  # ties
        assert adjust_pvalues(p, "bh") == pytest.approx(stats.false_discovery_control(p),
                                                        rel=1e-14)
        holm = adjust_pvalues(p, "holm")
        order = np.argsort(p, kind="stable")
        steps = [min(1.0, max((m - j) * p[order[j]] for j in range(i + 1))) for i in range(m)]
        assert holm[order] == pytest.approx(steps, rel=1e-14)
        assert np.all(holm >= adjust_pvalues(p, "bh") - 1e-15)  # Holm is the stricter
    assert adjust_pvalues([0.2, 0.5], "none").tolist() == [0.2, 0.5]
    with pytest.raises(ValueError, match="method must be one of"):
        adjust_pvalues([0.1], "bonferroni")


@pytest.mark.parametrize("adjust", ["bh", "holm", "none"])
def test_adjust_option(capsys, tmp_path, adjust):
    args = [HEALTH, "--y", "glucose", "--x", "bmi", "--x", "exercise", "--x", "sleep",
            "--x", "age", "--adjust", adjust]
    result = _json(capsys, tmp_path, *args)
    raw = [r["pvalue"] for r in result["results"]]
    assert raw == sorted(raw) and result["adjust"] == adjust
    assert [r["pvalue_adjusted"] for r in result["results"]] == pytest.approx(
        adjust_pvalues(raw, adjust), rel=1e-14)
    status, out, _ = _cli(capsys, *args)
    assert ("p-adjusted" in out) == (adjust != "none")


# --------------------------------------------------------------------------- outputs

def test_csv_and_json_outputs_agree(capsys, tmp_path):
    out_csv, out_json = tmp_path / "r.csv", tmp_path / "r.json"
    status, out, err = _cli(capsys, HEALTH, "--y", "systolic", "--x", "age", "--x", "smoker",
                            "--csv", out_csv, "--json", out_json)
    assert status == 0 and err == ""
    assert f"wrote {out_csv} (csv)" in out and f"wrote {out_json} (json)" in out
    result = json.loads(out_json.read_text())
    table = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert [row["column"] for row in table] == [r["column"] for r in result["results"]]
    for row, record in zip(table, result["results"]):
        assert float(row["statistic"]) == record["statistic"]  # full precision
        assert float(row["pvalue"]) == record["pvalue"] and row["target"] == "systolic"
        assert row["sigma"] == ("" if record["sigma"] is None else repr(record["sigma"]))
    assert sorted(os.listdir(tmp_path)) == ["r.csv", "r.json"]  # no temporary files left


def test_outputs_checked_before_any_work(capsys, tmp_path):
    missing_input = tmp_path / "nothing.csv"
    out = tmp_path / "no" / "r.csv"
    message = _fails(capsys, missing_input, "--x", "a", "--y", "b", "--csv", out)
    assert f"--csv '{out}': directory '{out.parent}' does not exist" in message
    message = _fails(capsys, HEALTH, "--x", "age", "--y", "bmi", "--csv", tmp_path / "a",
                     "--json", tmp_path / "a")
    assert "--csv and --json both name" in message
    assert "would overwrite the input table" in _fails(capsys, HEALTH, "--x", "age", "--y",
                                                       "bmi", "--csv", HEALTH)
    assert "it is a directory" in _fails(capsys, HEALTH, "--x", "age", "--y", "bmi",
                                         "--json", tmp_path)
    assert "--out" in _fails(capsys, "--demo", "--out", tmp_path / "gallery.jpg")


def test_demo_writes_gallery(capsys, tmp_path):
    out = tmp_path / "gallery.png"
    status, stdout, err = _cli(capsys, "--demo", "--out", out)
    assert status == 0 and err == "" and str(out) in stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- options, errors

@pytest.mark.parametrize("args, message", [
    (("--x", "age"), "give at least one --x COL and one --y COL"),
    (("--x", "age", "--y", "bmi", "--method", "exact"), "invalid choice"),
    (("--x", "age", "--y", "bmi", "--method", "permutation", "--permutations", "0"),
     "--permutations must be an integer from 1 to 1000000; got 0"),
    (("--x", "age", "--y", "bmi", "--method", "rff", "--permutations", str(2**31)),
     "--permutations must be an integer from 1 to 1000000; got 2147483648"),
    (("--x", "age", "--y", "bmi", "--method", "block", "--block-size", "100000"),
     "--block-size must be an integer from 4 to 2000"),
    (("--x", "age", "--y", "bmi", "--method", "nystrom", "--n-inducing", "0"),
     "--n-inducing must be an integer from 1 to 10000"),
    (("--x", "age", "--y", "bmi", "--seed", "-1"), "--seed must be an integer from 0 to"),
    (("--x", "age", "--y", "bmi", "--n-features", "64"),
     "--n-features is an option of --method rff"),
    (("--x", "age", "--y", "bmi", "--method", "rff", "--n-features", "63"),
     "--n-features counts cos and sin columns and must be even"),
    (("--x", "age", "--y", "bmi", "--method", "rff", "--kernel", "laplace"),
     "--method rff supports --kernel gaussian"),
    (("--x", "age", "--y", "bmi", "--method", "bootstrap"),
     "--method bootstrap is not a test for --x/--y pairs"),
    (("--x", "age", "--y", "bmi", "--delimiter", "ab"), "--delimiter must be one character"),
    (("--x", "age", "--y", "bmi", "--decimal", ",", "--delimiter", ","),
     "--decimal ',' needs another delimiter"),
    (("--x", "smoker", "--y", "bmi", "--method", "rff"),
     "--method rff works on numeric columns only; 'smoker' is categorical"),
    (("--x", "age", "--y", "bmi", "--method", "nystrom", "--n-inducing", "198"),
     "--n-inducing must be at most n - 4 = 196"),
    (("--x", "age", "--y", "bmi", "--given", "age"), "--given 'age' is also a tested column"),
    (("--x", "age", "--y", "bmi", "--joint", "--given", "sex"), "cannot be combined"),
    (("--joint", "--x", "age"), "--joint needs at least two different columns"),
    (("--x", "age", "--y", "bmi", "--categorical", "sex"), "--categorical 'sex': not a column"),
])
def test_bad_arguments_one_line_exit_2(capsys, args, message):
    line = _fails(capsys, HEALTH, *args)
    assert message in line
    assert "n_inducing" not in line and "n_permutations" not in line  # the CLI's own names


def test_library_warnings_become_notes_not_stderr(capsys, tmp_path):
    rng = np.random.default_rng(4)
    flag = (rng.random(80) < 0.8).astype(int)  # most pairwise distances are 0: tied data
    rows = [["flag", "y"]] + [[str(f), repr(float(v))] for f, v in zip(flag, flag + rng.normal(size=80))]
    path = _write(tmp_path / "tied.csv", rows)
    status, out, err = _cli(capsys, path, "--x", "flag", "--y", "y")
    assert status == 0 and err == ""
    assert "# note: --x 'flag' against --y 'y': more than half of the pairwise distances of " \
           "'flag' are 0" in out


def test_help_explains_every_option_with_its_default(capsys):
    parser = cli.build_parser()
    for action in parser._actions:
        if action.option_strings and action.dest != "help":
            assert "default" in action.help, action.option_strings
    assert main(["hsic", "--help"]) == 0
    out = capsys.readouterr().out
    assert "mathlab hsic" in out and "--dropna" in out and "NA, N/A" in out


def test_method_tables_and_limits_match_the_library():
    from mathlab.hsic.block import MAX_BLOCK_SIZE
    from mathlab.hsic.features import MAX_FEATURES, MAX_INDUCING
    from mathlab.hsic.independence import MAX_PERMUTATIONS, METHODS

    assert cli.LIMITS["--permutations"][1] == MAX_PERMUTATIONS
    assert cli.LIMITS["--n-features"][1] == MAX_FEATURES
    assert cli.LIMITS["--n-inducing"][1] == MAX_INDUCING
    assert cli.LIMITS["--block-size"][1] == MAX_BLOCK_SIZE

    assert set(cli.PAIR_METHODS) <= set(METHODS)
    for method, kernels in cli.APPROXIMATE_KERNELS.items():
        assert set(METHODS[method].kernels) == set(kernels)
    joint = getattr(sys.modules.get("mathlab.hsic.joint"), "DHSIC_METHODS", None)
    if joint is not None:
        assert set(cli.JOINT_METHODS) == set(joint)
    given = getattr(sys.modules.get("mathlab.hsic.conditional"), "KCI_METHODS", None)
    if given is not None:
        assert set(cli.GIVEN_METHODS) == set(given)


HAS_JOINT = hasattr(mathlab.hsic, "dhsic_test")
HAS_GIVEN = hasattr(mathlab.hsic, "kci_test")


@pytest.mark.skipif(not HAS_JOINT, reason="mathlab.hsic.dhsic_test not available")
def test_joint(capsys, tmp_path):
    result = _json(capsys, tmp_path, HEALTH, "--joint", "--x", "age", "--x", "systolic",
                   "--x", "smoker", "--permutations", "99", "--seed", "2")
    cols = _health_columns()
    expected = mathlab.hsic.dhsic_test(np.array(cols["age"], float),
                                       np.array(cols["systolic"], float), cols["smoker"],
                                       kernel=["gaussian", "gaussian", "delta"],
                                       n_permutations=99, random_state=2)
    (row,) = result["results"]
    assert row["column"] == "age + systolic + smoker" and row["rows"] == 200
    assert row["statistic"] == pytest.approx(expected.statistic, rel=1e-12)
    assert row["pvalue"] == expected.pvalue


@pytest.mark.skipif(not HAS_GIVEN, reason="mathlab.hsic.kci_test not available")
def test_given(capsys, tmp_path):
    result = _json(capsys, tmp_path, HEALTH, "--y", "systolic", "--x", "cholesterol",
                   "--given", "age", "--dropna")
    cols = _health_columns()
    keep = [i for i, c in enumerate(cols["cholesterol"]) if c not in ("", "NA")]

    def values(name):
        return np.array([float(cols[name][i]) for i in keep])

    expected = mathlab.hsic.kci_test(values("cholesterol"), values("systolic"),
                                     values("age")[:, None])
    (row,) = result["results"]
    assert row["rows"] == 193 and result["given"] == ["age"]
    assert row["statistic"] == pytest.approx(expected.statistic, rel=1e-12)
    assert row["pvalue"] == pytest.approx(expected.pvalue, rel=1e-12)
    marginal = _json(capsys, tmp_path, HEALTH, "--y", "systolic", "--x", "cholesterol",
                     "--dropna")["results"][0]
    assert marginal["pvalue"] < 1e-6  # dependent, but (simulated) independent given age


@pytest.mark.skipif(HAS_JOINT and HAS_GIVEN, reason="dhsic_test and kci_test are available")
def test_joint_and_given_report_when_the_library_lacks_them(capsys):
    if not HAS_JOINT:
        assert "--joint needs mathlab.hsic.dhsic_test" in _fails(
            capsys, HEALTH, "--joint", "--x", "age", "--x", "bmi")
    if not HAS_GIVEN:
        assert "--given needs mathlab.hsic.kci_test" in _fails(
            capsys, HEALTH, "--x", "age", "--y", "bmi", "--given", "sleep")


# --------------------------------------------------------------------------- entry points

def test_python_dash_m_and_the_script_run_the_same_command(capsys, monkeypatch):
    args = [str(HEALTH), "--y", "systolic", "--x", "age", "--x", "region"]
    status, expected, _ = _cli(capsys, *args)
    assert status == 0
    monkeypatch.setenv("COLUMNS", "100")  # the help's line width
    env = {**os.environ, "PYTHONWARNINGS": "default"}  # a leaked warning would show
    proc = subprocess.run([sys.executable, "-m", "mathlab", "hsic", *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, env=env)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert proc.stdout == expected
    # the script forwards to the same command: the same help, the same errors
    assert main(["hsic", "--help"]) == 0
    help_text = capsys.readouterr().out
    proc = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True,
                          text=True, timeout=300, env=env)
    assert proc.returncode == 0 and proc.stdout == help_text
    proc = subprocess.run([sys.executable, str(SCRIPT), str(HEALTH), "--x", "nope", "--y",
                           "age"], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("mathlab hsic: error: no column 'nope'")


def test_readme_commands_run_and_its_table_is_current(capsys, tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line.split()[2:] for line in readme.splitlines()
                if line.startswith("mathlab hsic ")]
    assert len(commands) >= 5
    monkeypatch.chdir(ROOT)  # paths as in the README; outputs go to a temporary folder
    (tmp_path / "out").mkdir()
    for args in commands:
        args = [str(tmp_path / a) if a.startswith("out/") else a for a in args]
        status, out, err = _cli(capsys, *args)
        if ("--joint" in args and not HAS_JOINT) or ("--given" in args and not HAS_GIVEN):
            assert status == 2 and "needs mathlab.hsic." in err
            continue
        assert status == 0 and err == "", (args, err)
    # the output shown for the first command is current (p-values aside: they depend on the
    # version of the gamma approximation)
    shown = readme.split("The first prints what it read and computed")[1].split("```")[1]
    status, out, _ = _cli(capsys, *commands[0])
    assert [line.split()[:7] for line in out.splitlines()] == \
        [line.split()[:7] for line in shown.strip().splitlines()]


def test_bad_options_and_tables_refused_before_the_library_is_imported(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n,3\n", encoding="utf-8")
    code = ("import sys; from mathlab.cli import main; "
            f"main(['hsic', {str(HEALTH)!r}, '--x', 'age', '--y', 'bmi', '--method', 'rff', "
            "'--permutations', '2000000']); "
            f"main(['hsic', {str(bad)!r}, '--x', 'a', '--y', 'b']); "
            "print([m for m in ('numba', 'mathlab.hsic') if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.stdout.splitlines() == ["[]"]
    assert proc.stderr.splitlines() == [
        "mathlab hsic: error: --permutations must be an integer from 1 to 1000000; got 2000000",
        f"mathlab hsic: error: '{bad}' line 3, column 'a': empty cell; give --dropna to drop "
        "rows with missing cells"]
