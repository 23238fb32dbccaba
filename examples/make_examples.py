#!/usr/bin/env python3
"""Regenerate the example tables of examples/ (deterministic: the same bytes on every run).

health.csv: 200 simulated patients (not real data), numeric and categorical columns:

  age          years, uniform on 20..80
  sex          F or M, independent of everything
  smoker       yes (25 %) or no
  region       north, south, east or west, independent of everything
  exercise     hours of exercise per week (gamma distributed)
  bmi          body-mass index, falls with exercise
  glucose      fasting glucose (mg/dl), a U-shaped function of bmi (no linear correlation)
  systolic     systolic blood pressure (mmHg), rises with age and with smoking
  cholesterol  mg/dl, rises with age; 7 cells are missing (6 empty, one NA)
  sleep        hours per night, independent of everything

systolic and cholesterol are dependent (both follow age) but independent given age.
"""

import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def health(n: int = 200, seed: int = 2019) -> list[list]:
    rng = np.random.default_rng(seed)
    age = rng.integers(20, 81, n)
    sex = rng.choice(["F", "M"], n)
    smoker = rng.random(n) < 0.25
    region = rng.choice(["north", "south", "east", "west"], n)
    exercise = np.round(rng.gamma(2.0, 1.5, n), 1)
    bmi = np.round(29.0 - 0.5 * exercise + rng.normal(0.0, 2.5, n), 1)
    glucose = np.round(88.0 + 0.9 * (bmi - 26.0) ** 2 + rng.normal(0.0, 5.0, n))
    systolic = np.round(95.0 + 0.6 * age + 10.0 * smoker + rng.normal(0.0, 8.0, n))
    cholesterol = np.round(150.0 + 1.0 * age + rng.normal(0.0, 15.0, n))
    sleep = np.round(7.0 + rng.normal(0.0, 0.8, n), 1)
    rows = [["age", "sex", "smoker", "region", "exercise", "bmi", "glucose", "systolic",
             "cholesterol", "sleep"]]
    missing = set(rng.choice(n, 7, replace=False).tolist())
    for i in range(n):
        chol = "" if i in missing else f"{cholesterol[i]:.0f}"
        rows.append([int(age[i]), sex[i], "yes" if smoker[i] else "no", region[i],
                     f"{exercise[i]:.1f}", f"{bmi[i]:.1f}", f"{glucose[i]:.0f}",
                     f"{systolic[i]:.0f}", chol, f"{sleep[i]:.1f}"])
    rows[1 + max(missing)][8] = "NA"
    return rows


def main() -> None:
    with open(HERE / "health.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(health())
    print(f"wrote {HERE / 'health.csv'}")


if __name__ == "__main__":
    main()
