"""The Chinese catalogue: every English template that ``helpers`` passes to ``i18n.tr``, in Chinese.

Keys are the English templates exactly as written in the ``tr("…")`` calls (tests/test_i18n.py finds
those calls in helpers/*.py and fails when one has no entry here, or when an entry here belongs to no
call any more, e.g. after the English text changed). Values keep the same ``{fields}``. Terms as in
d2l-zh (《动手学深度学习》) and docs/translating.md's glossary: 转置卷积, 填充, 步幅, 输出填充, 膨胀,
分组, 卷积核, 通道. Full-width punctuation (，。：；（）) in Chinese sentences; numbers, shapes and
code stay as they are.
"""
CATALOGUE: dict[str, str] = {
    # helpers/i18n.py: set_language with an unknown language
    "language must be one of {choices}, not {language!r}":
        "language 只能是 {choices} 之一，而不是 {language!r}",
    # helpers/fonts.py: Chinese text requested but the pinned font package is not installed
    "No Chinese font for Matplotlib: install the project's packages (`make env`, or "
    "`pip install -r binder/requirements.txt`); until then Chinese characters in figures show as empty boxes.":
        "Matplotlib 找不到中文字体：请先安装本项目的依赖（`make env`，或 "
        "`pip install -r binder/requirements.txt`）；在此之前，图中的汉字会显示为空白方框。",
}
