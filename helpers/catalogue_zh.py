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
    # ---------------------------------------------------------------- helpers/captions.py
    "no kernel copy reaches this cell": "没有卷积核副本落到这一格",
    "removed by padding={padding} (full-grid value {value})": "被 padding={padding} 裁掉（完整网格中的值为 {value}）",
    "output height = (H − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1 = {steps}":
        "输出高度 = (H − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1 = {steps}",
    "even: kernel {k} is a multiple of stride {s} — interior cells all get {per} copy.":
        "均匀：卷积核大小 {k} 是步幅 {s} 的整数倍——内部每一格都恰好叠加 {per} 个副本。",
    "even: kernel {k} is a multiple of stride {s} — interior cells all get {per} copies.":
        "均匀：卷积核大小 {k} 是步幅 {s} 的整数倍——内部每一格都恰好叠加 {per} 个副本。",
    "even: kernel {k} is a multiple of stride {s} — interior cells all get {per} copy (this input is too small to "
    "have an interior: every cell is near the border, so counts here run from {lo} to {hi}).":
        "均匀：卷积核大小 {k} 是步幅 {s} 的整数倍——内部每一格都恰好叠加 {per} 个副本（这个输入太小，没有内部："
        "每一格都靠近边界，所以这里的次数从 {lo} 到 {hi} 不等）。",
    "even: kernel {k} is a multiple of stride {s} — interior cells all get {per} copies (this input is too small "
    "to have an interior: every cell is near the border, so counts here run from {lo} to {hi}).":
        "均匀：卷积核大小 {k} 是步幅 {s} 的整数倍——内部每一格都恰好叠加 {per} 个副本（这个输入太小，没有内部："
        "每一格都靠近边界，所以这里的次数从 {lo} 到 {hi} 不等）。",
    "interior counts": "内部各格的次数",
    "counts": "各格的次数",
    "kernel {k} is smaller than stride {s}": "卷积核大小 {k} 小于步幅 {s}",
    "kernel {k} is not a multiple of stride {s}": "卷积核大小 {k} 不是步幅 {s} 的整数倍",
    "uneven: {why} — but with input size {n} every cell gets {lo} copy; make the input larger to see the pattern.":
        "不均匀：{why}——但输入大小为 {n} 时，每一格都只叠加 {lo} 个副本；把输入调大就能看到图案。",
    "uneven: {why} — but with input size {n} every cell gets {lo} copies; make the input larger to see the "
    "pattern.":
        "不均匀：{why}——但输入大小为 {n} 时，每一格都叠加 {lo} 个副本；把输入调大就能看到图案。",
    "uneven: {why} — {where} vary between {lo} and {hi}: some cells get no copy at all.":
        "不均匀：{why}——{where}在 {lo} 到 {hi} 之间变化：有些格一个副本也得不到。",
    "uneven: {why} — {where} vary between {lo} and {hi}: a checkerboard.":
        "不均匀：{why}——{where}在 {lo} 到 {hi} 之间变化：出现棋盘效应。",
    "Row {pick} of C is output cell Y[{r}, {c}] = {terms}. Column {pick} of Cᵀ holds the same numbers: the "
    "transposed convolution sends Y[{r}, {c}] back to input cells {cells}, one copy of K scaled by Y[{r}, {c}].":
        "C 的第 {pick} 行就是输出格 Y[{r}, {c}] = {terms}。Cᵀ 的第 {pick} 列存着同样的数：转置卷积把 "
        "Y[{r}, {c}] 送回输入格 {cells}，也就是一份乘以 Y[{r}, {c}] 的 K。",
    "no copy of K reaches it": "没有 K 的副本落到这里",
    "{sum} (the other {zeros} tap of the flipped kernel sit on zeros)":
        "{sum}（翻转后的卷积核其余 {zeros} 个元素落在零上）",
    "{sum} (the other {zeros} taps of the flipped kernel sit on zeros)":
        "{sum}（翻转后的卷积核其余 {zeros} 个元素落在零上）",
    " (plus output_padding = {op} more at the bottom and right)": "（下边和右边再多填 output_padding = {op}）",
    "Same products, same number: the transposed convolution is an ordinary convolution with the kernel flipped, "
    "over the input with {z} zero inserted between elements and padded by k − 1 − padding = {pad}{extra}.":
        "乘积相同，结果相同：转置卷积就是用翻转后的卷积核做的普通卷积，输入的元素之间插入 {z} 个零，四周填充 "
        "k − 1 − padding = {pad}{extra}。",
    "Same products, same number: the transposed convolution is an ordinary convolution with the kernel flipped, "
    "over the input with {z} zeros inserted between elements and padded by k − 1 − padding = {pad}{extra}.":
        "乘积相同，结果相同：转置卷积就是用翻转后的卷积核做的普通卷积，输入的元素之间插入 {z} 个零，四周填充 "
        "k − 1 − padding = {pad}{extra}。",
    "(a) Scatter: Y[{row}, {col}] = {a}.  (b) Direct convolution: Y[{row}, {col}] = {b}.  {same}":
        "(a) 分散叠加：Y[{row}, {col}] = {a}。 (b) 直接卷积：Y[{row}, {col}] = {b}。 {same}",
    "nearest+conv: each pixel becomes a {f}×{f} block ({n} → {nf}), then a 3×3 convolution with padding 1 (the "
    "same random kernel, scaled to sum 1). Every output pixel sees the same number of input pixels: no "
    "checkerboard.":
        "nearest+conv：每个像素先变成 {f}×{f} 的方块（{n} → {nf}），再做一次 padding 为 1 的 3×3 卷积（同一个随机"
        "卷积核，缩放到和为 1）。每个输出像素看到的输入像素一样多：没有棋盘效应。",
    "ConvTranspose2d, kernel {k}×{k}, stride {f}, padding {p}, output_padding {op}":
        "ConvTranspose2d，卷积核 {k}×{k}，步幅 {f}，填充 {p}，输出填充 {op}",
    "ConvTranspose2d, kernel {k}×{k}, stride {f}, padding {p}": "ConvTranspose2d，卷积核 {k}×{k}，步幅 {f}，填充 {p}",
    "Kernel 1 with stride 1 copies the image.": "卷积核大小 1、步幅 1：原样复制图像。",
    "The bilinear kernel blends overlapping copies into a smooth image (the border is darker: fewer copies reach "
    "it).":
        "双线性卷积核把相互重叠的副本融合成平滑的图像（边缘偏暗：落到那里的副本更少）。",
    "Stride 1: every cell gets 9 copies, the random kernel just blurs.": "步幅 1：每一格都叠加 9 个副本，随机卷积核只是让图像变模糊。",
    "Kernel {k} is a multiple of stride {f}: each pixel gets exactly one copy, but from different kernel taps, so "
    "a random kernel still prints a {f}×{f} pattern.":
        "卷积核大小 {k} 是步幅 {f} 的整数倍：每个像素恰好得到一个副本，但来自卷积核的不同元素，所以随机卷积核"
        "仍会印出 {f}×{f} 的图案。",
    "Kernel {k} is not a multiple of stride {f}: copies overlap unevenly and print a checkerboard (and leave "
    "gaps).":
        "卷积核大小 {k} 不是步幅 {f} 的整数倍：副本重叠不均匀，印出棋盘效应（还留下空隙）。",
    "Kernel {k} is not a multiple of stride {f}: copies overlap unevenly and print a checkerboard.":
        "卷积核大小 {k} 不是步幅 {f} 的整数倍：副本重叠不均匀，印出棋盘效应。",
    "{method}: {size}: {formula}. {why}": "方法 {method}：{size}：{formula}。{why}",
    "✓ the shape comes back": "✓ 形状还原了",
    "✗ {back} ≠ {n}: set output_padding to {need}": "✗ {back} ≠ {n}：把 output_padding 设为 {need}",
    "Conv2d accepts these settings (n = {n} → m = {m}), but the ConvTranspose2d back from m = {m} with the same "
    "kernel_size={k}, stride={s}, padding={p}, dilation={d} does not: {reason}":
        "Conv2d 接受这组设置（n = {n} → m = {m}），但用同样的 kernel_size={k}、stride={s}、padding={p}、"
        "dilation={d} 从 m = {m} 做 ConvTranspose2d 回去却不行：{reason}",
    "{n_elements} input elements, {n_colours} colours: colours repeat, the letters never do (a … z, then aa, ab, "
    "…).":
        "{n_elements} 个输入元素，只有 {n_colours} 种颜色：颜色会重复，字母不会（a … z，之后是 aa、ab、…）。",
    "Type rows separated by ; and numbers by spaces, e.g. 1 2; 3 4, then press Enter.":
        "行与行之间用 ; 分隔，数与数之间用空格，例如 1 2; 3 4，然后按回车。",
    "{n} number": "{n} 个数",
    "{n} numbers": "{n} 个数",
    "{box} is empty: type rows of numbers, e.g. 1 2; 3 4.": "{box}是空的：请逐行输入数字，例如 1 2; 3 4。",
    "{box}: row {row} is empty (two ; in a row?): every row needs at least one number.":
        "{box}：第 {row} 行是空的（连着写了两个 ;？）：每一行至少要有一个数。",
    "{box}: {token!r} in row {row} is not a number: use digits, a minus sign and a decimal point, e.g. 1 2; 3 4.":
        "{box}：第 {row} 行的 {token!r} 不是数：只能用数字、负号和小数点，例如 1 2; 3 4。",
    "{box}: {token!r} in row {row} is not a finite number: use ordinary numbers.":
        "{box}：第 {row} 行的 {token!r} 不是有限的数：请用普通的数。",
    "{box}: {token} in row {row} is outside −{limit} … {limit}: the picture writes every number in its cell, so "
    "keep them small.":
        "{box}：第 {row} 行的 {token} 超出了 −{limit} … {limit}：图中每个数都要写进它的格子，所以请用小一些的数。",
    "{box}: row {row} has {got} but row 1 has {want}: every row needs the same count of numbers.":
        "{box}：第 {row} 行有 {got}，但第 1 行有 {want}：每一行的数必须一样多。",
    "{box}: {rows} rows × {cols} columns is more than {limit} × {limit}, the largest this explorer draws "
    "readably.":
        "{box}：{rows} 行 × {cols} 列超过了 {limit} × {limit}，这是本探索器还能画清楚的最大尺寸。",
    "row {span}": "第 {span} 行",
    "rows {span}": "第 {span} 行",
    "column {span}": "第 {span} 列",
    "columns {span}": "第 {span} 列",
    "{rows} and {columns}": "{rows}和{columns}",
    "dashed, hatched: output_padding={output_padding} adds {what}":
        "虚线加斜纹：output_padding={output_padding} 增加了{what}",
    "0 (no input cell)": "0（没有输入格）",
    "Step {number} of {total}: row {row} of C · vec(X) = {terms} = {value}, output cell Y[{r}, {c}].":
        "第 {number} 步，共 {total} 步：C 的第 {row} 行 · vec(X) = {terms} = {value}，即输出格 Y[{r}, {c}]。",
    "no input element under the window": "窗口下没有输入元素",
    "Step {done} of {total}: window at Y[{r}, {c}] = {text} = {value}.":
        "第 {done} 步，共 {total} 步：窗口在 Y[{r}, {c}] = {text} = {value}。",
    "Step {done} of {total}: window at Y[{r}, {c}] = {text} = {value}; the other {zeros} tap sit on zeros.":
        "第 {done} 步，共 {total} 步：窗口在 Y[{r}, {c}] = {text} = {value}；其余 {zeros} 个卷积核元素落在零上。",
    "Step {done} of {total}: window at Y[{r}, {c}] = {text} = {value}; the other {zeros} taps sit on zeros.":
        "第 {done} 步，共 {total} 步：窗口在 Y[{r}, {c}] = {text} = {value}；其余 {zeros} 个卷积核元素落在零上。",
    # ---------------------------------------------------------------- helpers/widgets.py: control labels
    "input size": "输入大小",
    "kernel size": "卷积核大小",
    "stride": "步幅",
    "padding": "填充",
    "output_padding": "输出填充",
    "dilation": "膨胀率",
    "in channels": "输入通道数",
    "out channels": "输出通道数",
    "groups": "分组数",
    "input size n": "输入大小 n",
    "show out ch.": "显示输出通道",
    "copies added": "已叠加副本",
    "pick row": "选取行",
    "pick col": "选取列",
    "output cell (row)": "输出格（C 的行）",
    "output cell": "输出格",
    "factor": "放大倍数",
    "method": "方法",
    "X rows": "X 的各行",
    "K rows": "K 的各行",
    "play": "播放",
    "◀ step": "◀ 上一步",
    "step ▶": "下一步 ▶",
    "one step back": "后退一步",
    "one step forward": "前进一步",
    # helpers/widgets.py: pictures' titles and notes, messages
    "(grid shows {upto} of {total} copies; the sum uses all)": "（网格显示了 {total} 个副本中的 {upto} 个；求和用的是全部副本）",
    "input {n}×{n}": "输入 {n}×{n}",
    "output {size}×{size} ({method})": "输出 {size}×{size}（{method}）",
    "zoom: the red square, {h}×{w} pixels": "放大：红框部分，{h}×{w} 像素",
    "Something went wrong drawing this state ({kind}: {err}). Please report it with the slider values.":
        "绘制这个状态时出错了（{kind}：{err}）。请连同滑块的取值一起报告这个问题。",
    "{name!r} is not a control of this explorer; it has {names}.": "{name!r} 不是这个探索器的控件；它的控件是 {names}。",
    "{name} must be one of {options}, got {value!r}.": "{name} 必须是 {options} 之一，而不是 {value!r}。",
    "{name} is a text box: give a string such as '1 2; 3 4', got {value!r}.":
        "{name} 是文本框：请给出像 '1 2; 3 4' 这样的字符串，而不是 {value!r}。",
    "{name}={value} is outside its slider's current range {lo}..{hi} (the range that keeps this state valid).":
        "{name}={value} 超出了滑块当前的范围 {lo}..{hi}（这个范围保证当前状态有效）。",
    "{err} Nothing was changed.": "{err} 所有控件都保持原样。",
    "{name} must be between {lo} and {hi} for this explorer, got {value}.":
        "在这个探索器里，{name} 必须在 {lo} 到 {hi} 之间，而不是 {value}。",
    "{box} must be text such as '1 2; 3 4', got {text!r}.": "{box}必须是像 '1 2; 3 4' 这样的文本，而不是 {text!r}。",
    # ---------------------------------------------------------------- helpers/svg.py: titles, labels, legends
    "X (input)": "X（输入）",
    "K (kernel)": "K（卷积核）",
    "Y (output {h}×{w}; full grid {rows}×{cols})": "Y（输出 {h}×{w}；完整网格 {rows}×{cols}）",
    "Conv2d output": "Conv2d 的输出",
    "or": "或者",
    "Conv2d maps <b>{count}</b> input sizes to m = {m}; output_padding (or <code>output_size=</code>) picks one:":
        "Conv2d 把 <b>{count}</b> 种输入大小都映射到 m = {m}；由 output_padding（或 <code>output_size=</code>）选出其中一种：",
    "Conv2d maps <b>{count}</b> input size to m = {m}; output_padding (or <code>output_size=</code>) picks one:":
        "Conv2d 只把 <b>{count}</b> 种输入大小映射到 m = {m}；由 output_padding（或 <code>output_size=</code>）选出它：",
    "Overlap count: how many kernel copies land on each output cell ({rows}×{cols})":
        "重叠次数：每个输出格上落了几个卷积核副本（{rows}×{cols}）",
    "Dashed frame: the interior, where every input element that could reach a cell does reach it.":
        "虚线框：内部区域，能落到某格的输入元素在这里都落到了。",
    "C ({M}×{N}): rows = output cells, columns = input cells": "C（{M}×{N}）：行 = 输出格，列 = 输入格",
    "Y = sum of the copies ({h}×{w})": "Y = 各副本之和（{h}×{w}）",
    "zero-inserted, padded X ({h}×{w})": "插零并填充后的 X（{h}×{w}）",
    "K flipped": "翻转后的 K",
    "Y = window sums": "Y = 各窗口之和",
    "input element (its letter as in X)": "输入元素（字母与 X 中相同）",
    "inserted zero (stride − 1 = {n} between)": "插入的零（相邻元素之间插入 stride − 1 = {n} 个）",
    "padding zero": "填充的零",
    "X (Conv2d's input)": "X（Conv2d 的输入）",
    "Y = conv2d(X, K), so far": "Y = conv2d(X, K)，目前算到的部分",
    "vec(X)ᵀ: input cells 0…{last} (the columns of C)": "vec(X)ᵀ：输入格 0…{last}（对应 C 的各列）",
    "C ({M}×{N}): row i = output cell i": "C（{M}×{N}）：第 i 行 = 第 i 个输出格",
    # ---------------------------------------------------------------- helpers/figures.py
    "Y = sum": "Y = 求和",
    "grey: removed by padding": "灰色：被填充裁掉",
    "channel {c}'s copies": "通道 {c} 的副本",
    "sum of\nthe rows\nabove →": "上面各行\n之和 →",
    "the only\nchannel\nin this\ngroup →": "本组\n唯一的\n通道 →",
    # ---------------------------------------------------------------- helpers/shapes.py: refusals an explorer shows
    "stride must be at least 1 (got {s} for the {axis} axis): it is the step between positions, so 0 or a "
    "negative step is meaningless. Use 1, 2, 3, ...":
        "stride 至少为 1（{axis} 方向得到的是 {s}）：步幅是相邻位置之间的间隔，0 或负数都没有意义。请用 1, 2, 3, ...",
    "padding must be 0 or more (got {p} for the {axis} axis): torch does not support negative padding. Use 0, "
    "1, 2, ...":
        "padding 必须不小于 0（{axis} 方向得到的是 {p}）：torch 不支持负的填充。请用 0, 1, 2, ...",
    "dilation must be at least 1 (got {d} for the {axis} axis): 1 means kernel taps are next to each other, 2 "
    "leaves one gap, and so on.":
        "dilation 至少为 1（{axis} 方向得到的是 {d}）：1 表示卷积核元素紧挨着，2 表示中间空一格，依此类推。",
    "output_padding must be 0 or more (got {op} for the {axis} axis): it can only add rows/columns at the "
    "bottom/right.":
        "output_padding 必须不小于 0（{axis} 方向得到的是 {op}）：它只能在下边/右边增加行/列。",
    "output_padding must be smaller than stride or dilation (got output_padding={op}, stride={s}, "
    "dilation={d} for the {axis} axis): it picks one of {count} output sizes (the input sizes a strided "
    "Conv2d maps to the same output), so use 0 to {last}.":
        "output_padding 必须小于 stride 或 dilation（{axis} 方向得到的是 output_padding={op}、stride={s}、"
        "dilation={d}）：它是在 {count} 种输出大小（带步幅的 Conv2d 会映射到同一输出的那些输入大小）中选一种，"
        "所以请用 0 到 {last}。",
    "size must be at least 1 (got {size}): it is the input length along this axis.":
        "size 至少为 1（得到的是 {size}）：它是输入在这个方向上的长度。",
    "kernel_size must be at least 1 (got {kernel_size}).": "kernel_size 至少为 1（得到的是 {kernel_size}）。",
    "padding={padding} is too large for the transposed convolution: it crops {padding} from each side of a "
    "{full}-long full output, leaving {out}. Use padding at most {most}.":
        "padding={padding} 对这个转置卷积来说太大了：它要从长度为 {full} 的完整输出两侧各裁掉 {padding}，"
        "只剩下 {out}。padding 最多只能取 {most}。",
    "kernel_size={kernel_size} (spanning {span} with dilation={dilation}) is larger than the padded input "
    "({size} + 2·{padding} = {padded}): use a smaller kernel or at least {need} padding.":
        "kernel_size={kernel_size}（dilation={dilation} 时跨度为 {span}）比填充后的输入"
        "（{size} + 2·{padding} = {padded}）还大：请用更小的卷积核，或者至少 {need} 的填充。",
    "output_size must be at least 1 (got {output_size}).": "output_size 至少为 1（得到的是 {output_size}）。",
    # ---------------------------------------------------------------- 10: decoders and pixel shuffle
    "no repeating tile up to {n}×{n}": "在 {n}×{n} 以内没有重复的图块",
    "constant (no pattern at all)": "常数（完全没有图案）",
    "a repeating {h}×{w} tile": "以 {h}×{w} 的图块重复",
    "{name:<18} flat grey in: output spread {spread:.3g} away from the border, {verdict}":
        "{name:<18} 输入均匀的灰色：远离边界处输出的起伏为 {spread:.3g}，{verdict}",
    "channel {c}": "通道 {c}",
    "PixelShuffle({r}) output": "PixelShuffle({r}) 的输出",
    "1-D count along a row (the map is this row times this column)": "沿一行的一维次数（整张图就是这一行乘以这一列）",
    "X: cell j = column j": "X：第 j 格 = 第 j 列",
    "Y: cell i = row i": "Y：第 i 格 = 第 i 行",
    "(a) Scatter": "(a) 分散叠加",
    "(b) Direct convolution": "(b) 直接卷积",
}
