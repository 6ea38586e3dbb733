"""Issue 13 on real recordings: a caller upset from the first word is heard, calm prompts stay calm.

Customer turns are real utterances of one festvox-ru reader (tests/data/prosody), as recorded or
as an aroused rendition made by signal processing (higher, faster, louder, flatter spectrum);
the agent is the same voice's other recordings (tests/data/real).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import librosa
import numpy as np
import pytest
import soundfile as sf

from voc.emotion.fusion import fuse_emotion
from voc.prosody.measure import score_prosody
from voc.schemas import Turn, Word

RATE = 16000
GAP_S = 0.6


def _load(path: Path) -> np.ndarray:
    audio, rate = sf.read(str(path), dtype="float32")
    if rate != RATE:
        audio = librosa.resample(audio, orig_sr=rate, target_sr=RATE)
    trimmed, _ = librosa.effects.trim(audio, top_db=35)
    return trimmed.astype(np.float32)


def _aroused(audio: np.ndarray) -> np.ndarray:
    """+3 semitones, x1.15 tempo, +6 dB above 1 kHz (effort), +5 dB."""
    spectrum = np.fft.rfft(audio)
    f = np.fft.rfftfreq(len(audio), 1 / RATE) / 1000.0
    tilted = np.fft.irfft(spectrum * (1 + (10 ** (6 / 20) - 1) * f**2 / (1 + f**2)), n=len(audio))
    out = librosa.effects.pitch_shift(tilted.astype(np.float32), sr=RATE, n_steps=3)
    out = librosa.effects.time_stretch(out, rate=1.15)
    out = out * np.sqrt(np.mean(audio**2) / np.mean(out**2)) * 10 ** (5 / 20)
    return np.clip(out, -1, 1).astype(np.float32)


def _call(customer: list[tuple[str, np.ndarray]], agent: list[tuple[str, np.ndarray]]) -> tuple[dict, list[Turn]]:
    order = []
    for i, line in enumerate(customer):
        order += [("agent", *agent[i % len(agent)]), ("customer", *line)]
    turns, placed, cursor = [], [], GAP_S
    for i, (speaker, text, audio) in enumerate(order):
        start, end = cursor, cursor + len(audio) / RATE
        turns.append(
            Turn(
                index=i,
                speaker=speaker,
                start=start,
                end=end,
                text=text,
                words=[Word(word=text, start=start, end=end, probability=1.0)],
            )
        )
        placed.append((speaker, int(start * RATE), audio))
        cursor = end + GAP_S
    channels = {s: np.zeros(int((cursor + GAP_S) * RATE), np.float32) for s in ("agent", "customer")}
    for speaker, offset, audio in placed:
        channels[speaker][offset : offset + len(audio)] += audio
    return channels, turns


@pytest.fixture(scope="module")
def clips(data_dir: Path) -> list[tuple[str, np.ndarray]]:
    folder = data_dir / "prosody"
    texts = json.loads((folder / "transcripts.json").read_text(encoding="utf-8"))
    return [(texts[name], _load(folder / f"{name}.flac")) for name in sorted(texts)]


@pytest.fixture(scope="module")
def agent(data_dir: Path) -> list[tuple[str, np.ndarray]]:
    folder = data_dir / "real"
    texts = json.loads((folder / "transcripts.json").read_text(encoding="utf-8"))
    return [(texts[n]["text"], _load(folder / n)) for n in sorted(texts) if n.startswith("festvox")]


def _customer(channels: dict, turns: list[Turn], baselines: dict | None = None) -> list[Turn]:
    scored = fuse_emotion(score_prosody(turns, channels, RATE, baselines))
    return [t for t in scored if t.speaker == "customer"]


def test_upset_from_the_first_word_scores_above_the_calm_call(clips, agent) -> None:
    calm = _customer(*_call(clips, agent))
    upset = _customer(*_call([(text, _aroused(audio)) for text, audio in clips], agent))
    gaps = [u.emotion.arousal - c.emotion.arousal for u, c in zip(upset, calm, strict=True)]
    assert all(gap > 0.05 for gap in gaps), gaps
    assert float(np.mean(gaps)) > 0.2
    # Without a calm turn to compare with, the norms carry it: higher than usual for the voice.
    first = upset[0]
    assert first.prosody is not None and calm[0].prosody is not None
    assert first.prosody.norm.pitch is not None and first.prosody.norm.pitch > calm[0].prosody.norm.pitch + 0.7
    assert all(c.emotion.arousal < 0.35 for c in calm)


def test_effort_rendition_flattens_the_spectrum(clips, agent) -> None:
    calm = _customer(*_call(clips, agent))
    upset = _customer(*_call([(text, _aroused(audio)) for text, audio in clips], agent))
    for c, u in zip(calm, upset, strict=True):
        assert c.prosody is not None and u.prosody is not None
        assert u.prosody.alpha_ratio_db - c.prosody.alpha_ratio_db > 1.5
        assert u.prosody.hammarberg_db < c.prosody.hammarberg_db
        assert u.prosody.loudness_vs_other_db - c.prosody.loudness_vs_other_db > 3.5


def test_profile_baseline_from_calm_calls_hears_the_raised_voice(clips, agent) -> None:
    calm = _customer(*_call(clips, agent))
    profile = {
        "pitch": (float(np.median([12 * np.log2(t.prosody.pitch_median_hz / 55) for t in calm])), 1.5),
        "loudness": (float(np.median([t.prosody.loudness_dbfs for t in calm])), 2.0),
    }
    channels, turns = _call([(text, _aroused(audio)) for text, audio in clips], agent)
    upset = _customer(channels, turns, {"customer": profile})
    for turn in upset:
        assert turn.prosody is not None and turn.prosody.baseline.source == "profile"
        assert not turn.prosody.baseline.weak
        assert turn.prosody.z.pitch > 1.0 and turn.prosody.z.loudness > 1.5
        assert turn.emotion.arousal > 0.4


def test_announcement_clip_is_neutral_and_makes_no_task(data_dir: Path, agent) -> None:
    from voc.pipeline import Analyzer, StageClock

    folder = data_dir / "real"
    texts = json.loads((folder / "transcripts.json").read_text(encoding="utf-8"))
    prompts = [n for n in sorted(texts) if n.startswith("asterisk_ru")]
    channels, turns = _call([(texts[n]["text"], _load(folder / n)) for n in prompts], agent)
    turns = score_prosody(turns, channels, RATE)
    found = Analyzer().text_stages(turns, "ru", dt.date(2026, 3, 2), StageClock())
    customer = [t for t in found.turns if t.speaker == "customer"]
    prompts_said = [t for t in customer if t.text.startswith(("Пожалуйста", "Пароль"))]
    assert len(prompts_said) == 2
    for turn in prompts_said:
        assert turn.emotion is not None and turn.emotion.label == "neutral"
        assert any("announcement" in r for r in turn.emotion.reasons)
    assert all(t.emotion is not None and t.emotion.label not in ("angry", "irritated") for t in customer)
    assert found.tasks == []
    assert not found.customer.escalate


def test_queue_messages_make_no_callback() -> None:
    """Found on the fresh batch's Asterisk prompts after its score: queue messages asked for nothing."""
    from voc.extract.tasks import extract_tasks
    from voc.text.announcements import announcement

    lines = [
        "Ваш звонок является первым в очереди и будет обслужен первым доступным оператором.",
        "Зарегистрирован входящий звонок",
    ]
    turns = [Turn(index=i, speaker="customer", start=i * 3.0, end=i * 3.0 + 2.5, text=t) for i, t in enumerate(lines)]
    assert all(announcement(t) for t in lines)
    assert extract_tasks(turns, "ru", dt.date(2026, 3, 2)) == []
    # A customer asking for a call back still makes one.
    asked = [Turn(index=0, speaker="customer", start=0.0, end=3.0, text="Перезвоните мне, пожалуйста, завтра.")]
    assert [t.type for t in extract_tasks(asked, "ru", dt.date(2026, 3, 2))] == ["callback"]


def test_a_customer_in_a_queue_is_not_an_announcement_and_a_status_message_is_not_irritation() -> None:
    from voc.emotion.fusion import emotion_of
    from voc.schemas import Sentiment
    from voc.text.announcements import announcement

    assert announcement("Я стою в очереди уже час!") is None
    assert announcement("I had to try again three times!") is None

    def said(text: str, score: float) -> Turn:
        sentiment = Sentiment(label="negative", score=score, confidence=abs(score), backend="test")
        return Turn(index=0, speaker="customer", start=0.0, end=2.0, text=text, sentiment=sentiment)

    status = emotion_of(said("Данная опция недоступна.", -0.8))
    assert status.label == "neutral" and any("impersonal" in r for r in status.reasons)
    upset = emotion_of(said("Мне опять не дают подключить эту опцию!", -0.8))
    assert upset.label in ("irritated", "angry") and upset.reasons
    assert 0.0 <= upset.confidence <= 1.0


def test_caller_id_prompts_make_no_callback() -> None:
    """Found on the second fresh batch's Asterisk prompts after its score: a PBX saying it cannot
    call back a withheld number made a callback task."""
    from voc.extract.tasks import extract_tasks
    from voc.text.announcements import announcement

    lines = [
        "Номер неопределен или неразрешен, по-этому обратный звонок не будет выполнен.",
        "Un-indentified or witheld and therefore cannot be called back.",
    ]
    assert all(announcement(t) for t in lines)
    turns = [Turn(index=i, speaker="customer", start=i * 3.0, end=i * 3.0 + 2.5, text=t) for i, t in enumerate(lines)]
    assert extract_tasks(turns, "ru", dt.date(2026, 3, 2)) == []
    # A customer whose number was not shown still asks for a call back in their own words.
    asked = "Мой номер не определился, перезвоните мне, пожалуйста, на мобильный."
    assert announcement(asked) is None
    turns = [Turn(index=0, speaker="customer", start=0.0, end=3.0, text=asked)]
    assert [t.type for t in extract_tasks(turns, "ru", dt.date(2026, 3, 2))] == ["callback"]


def test_dialling_instruction_prompts_make_no_callback() -> None:
    """Found re-running the second fresh batch's Asterisk prompts (issue 13, third round): a PBX's
    "Что бы набрать данный номер." made a callback task."""
    from voc.extract.tasks import extract_tasks
    from voc.text.announcements import announcement

    line = "Что бы набрать данный номер."
    assert announcement(line)
    turns = [Turn(index=0, speaker="customer", start=0.0, end=2.5, text=line)]
    assert extract_tasks(turns, "ru", dt.date(2026, 3, 2)) == []
    asked = "Как мне набрать ваш номер, чтобы мне перезвонили?"
    assert announcement(asked) is None


def test_a_prompt_describing_the_telephone_system_makes_no_task_and_no_label() -> None:
    """Found on the third fresh batch (issue 13): an Asterisk demo prompt, "... console channel
    driver ... dial, answer, and hang up commands ...", made a callback. Several distinct words of
    the telephone system in impersonal words mark a recording describing itself; a caller telling
    what they did with the phone speaks for themselves and is still heard."""
    from voc.extract.tasks import extract_tasks
    from voc.text.announcements import announcement

    prompt = (
        "If you are using a console channel driver instead of a real phone you can use the dial, answer, "
        "and hang up commands to simulate the actions of a standard telephone."
    )
    russian = "Если используется консольный драйвер канала, команды набора и отбоя заменяют настоящий телефон."
    for line, language in ((prompt, "en"), (russian, "ru")):
        assert announcement(line), line
        turns = [Turn(index=0, speaker="customer", start=0.0, end=9.0, text=line)]
        assert extract_tasks(turns, language, dt.date(2026, 3, 2)) == []
    caller = "I dialled the extension from the menu three times and nobody answered, call me back tomorrow."
    assert announcement(caller) is None
    heard = [Turn(index=0, speaker="customer", start=0.0, end=5.0, text=caller)]
    assert [t.type for t in extract_tasks(heard, "en", dt.date(2026, 3, 2))] == ["callback"]
