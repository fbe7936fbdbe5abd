"""The script helpers compile their character classes on first use, not at import (bench/RESULTS.md,
section 223: nine wide Unicode classes, ~2.4 ms of every process importing the code-switching or synonym recipes)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_importing_the_script_helpers_compiles_no_pattern_and_first_use_compiles_only_its_own() -> None:
    code = textwrap.dedent("""
        import re, sys
        compiled = []
        real = re._compile
        def spy(pattern, flags):
            if sys._getframe(1).f_code.co_filename.endswith("script.py") or \\
                    sys._getframe(2).f_code.co_filename.endswith("script.py"):
                compiled.append(pattern)
            return real(pattern, flags)
        re._compile = spy
        from robustir.attacks.analysis import script
        print(len(compiled))
        print(script.in_script("Straße", "de"), script.in_script("abc", "en"), script.in_script("中文", "zh"),
              script.in_script("中a", "zh"), script.in_script("", "ar"))
        print(len(compiled))
        print(script.strip_marks("\\u0643\\u064e\\u062a\\u064e\\u0628\\u0640", "ar") == "\\u0643\\u062a\\u0628",
              script.strip_marks("ab\\u064e", "en") == "ab\\u064e")
        print(len(compiled))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "0"  # nothing compiled at import
    assert out[1] == "True True True False False"
    assert out[2] == "3"  # the en, zh and ar classes only
    assert out[3] == "True True"
    assert out[4] == "4"  # and the Arabic marks
