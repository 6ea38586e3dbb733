from __future__ import annotations

import pytest

from voc.schemas import Turn, Word
from voc.text.cues import cues_in_text, find_cues


def kinds(text: str) -> list[str]:
    return [c.kind for c in cues_in_text(text)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Всё, я закрываю все счета и перехожу в другой банк.", "threat_to_leave"),
        ("Расторгните мой договор, мне это больше не нужно.", "threat_to_leave"),
        ("If you can't fix it, I'm cancelling my contract.", "threat_to_leave"),
        ("Я хочу закрыть все счета, третий раз звоню.", "threat_to_leave"),
        ("Придётся расторгнуть договор и уйти к конкурентам.", "threat_to_leave"),
        ("Я напишу жалобу на вашего сотрудника.", "complaint"),
        ("Позовите, пожалуйста, вашего руководителя.", "escalation_request"),
        ("Хочу поговорить со старшим.", "escalation_request"),
        ("I want to speak to your manager.", "escalation_request"),
        ("Да вы идиоты там все!", "profanity"),
        ("Я вам уже четвёртый раз звоню!", "repeat_contact"),
        ("This is the third time I'm calling.", "repeat_contact"),
        ("Большое вам спасибо за помощь.", "gratitude"),
        ("Thank you, that's all.", "gratitude"),
    ],
)
def test_cue_found(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "А если я закрою вклад в июне, проценты сохранятся?",  # a question, not a threat
        "Претензий нет, всё хорошо.",  # negated complaint
        "No complaints at all.",
        "Thanks for nothing.",  # sarcastic thanks are not gratitude
        "Ну спасибо, опять ничего не работает.",
        "Я ухожу в отпуск со следующей недели.",
    ],
)
def test_no_cue(text: str) -> None:
    assert not [k for k in kinds(text) if k in ("threat_to_leave", "complaint", "gratitude")]


def test_ugly_is_not_an_insult() -> None:
    # Found on the third fresh batch's festvox readings: "уродливые шрамы" made a profanity cue
    # and so an escalation of a neutral call.
    assert "profanity" not in kinds("Геройские раны оставляют на себе уродливые шрамы.")
    assert "profanity" not in kinds("Это уродство, а не дизайн.")
    assert "profanity" in kinds("Вы там все уроды!")
    assert "profanity" in kinds("Урод, верни деньги.")


def test_cue_carries_words_and_times() -> None:
    spoken = ["Я", "ухожу", "в", "другой", "банк,", "до", "свидания."]
    words = [
        Word(word=f" {w}", start=1.0 + i * 0.4, end=1.3 + i * 0.4, probability=0.9)
        for i, w in enumerate(spoken)
    ]
    turn = Turn(index=3, speaker="customer", start=1.0, end=4.0, text=" ".join(spoken), words=words)
    (cue,) = [c for c in find_cues([turn], "ru")[0].cues if c.kind == "threat_to_leave"]
    assert cue.text.startswith("ухожу в другой банк")
    assert cue.start == pytest.approx(1.4)  # "ухожу"
    assert cue.end == pytest.approx(1.3 + 4 * 0.4)  # "банк,"


def test_cue_without_words_has_no_times() -> None:
    (cue,) = cues_in_text("Позовите старшего!")
    assert cue.kind == "escalation_request" and cue.start is None and cue.end is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x07\ufffe", "🙂" * 50, "ё" * 5000, "Я call'ю в support, the app не работает!!!" * 80],
)
def test_bad_text_does_not_crash(text: str) -> None:
    assert isinstance(cues_in_text(text), list)
