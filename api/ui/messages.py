"""The web view's words in Russian (the default) and English, and dates, numbers and durations
written the way each language's readers expect.

A template says `t("calls.title")`; a key missing from a language falls back to Russian and
then to the key itself, so a forgotten translation shows, it does not break a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"

MESSAGES: dict[str, dict[str, str]] = {
    "ru": {
        "app.name": "voc",
        "app.skip": "К содержимому",
        "nav.calls": "Звонки",
        "nav.insights": "Аналитика",
        "nav.routing": "Маршрутизация",
        "nav.language": "English",
        "nav.language.label": "Switch to English",
        "nav.signout": "Выйти",
        "signin.title": "Вход",
        "signin.key": "API-ключ",
        "signin.hint": "Ключ с правом ui:read или results:read (voc keys create).",
        "signin.submit": "Войти",
        "signin.bad_key": "Ключ не подошёл: он неизвестен, отозван или без права ui:read / results:read.",
        "signin.expired": "Форма устарела, попробуйте ещё раз.",
        "calls.title": "Звонки и переписки",
        "calls.count": "Найдено: {total}",
        "calls.none": "Ничего не найдено.",
        "calls.filters": "Фильтры",
        "calls.apply": "Применить",
        "calls.reset": "Сбросить",
        "calls.search": "Поиск по словам",
        "calls.since": "С",
        "calls.until": "По",
        "calls.channel": "Канал",
        "calls.sentiment": "Настроение в конце",
        "calls.escalated": "Эскалация",
        "calls.task": "Тип задачи",
        "calls.topic": "Тема",
        "calls.category": "Категория",
        "calls.agent": "Оператор",
        "calls.customer": "Клиент",
        "calls.sort": "Сортировка",
        "calls.any": "Все",
        "calls.yes": "Да",
        "calls.no": "Нет",
        "calls.col.when": "Когда",
        "calls.col.duration": "Длительность",
        "calls.col.agent": "Оператор",
        "calls.col.customer": "Клиент",
        "calls.col.arc": "Эмоции клиента",
        "calls.col.tasks": "Задачи",
        "calls.col.topics": "Темы",
        "calls.col.end": "Итог",
        "calls.prev": "← Назад",
        "calls.next": "Вперёд →",
        "calls.page": "Строки {first}–{last} из {total}",
        "calls.search_note": "Поиск смотрит в {hits} последних совпадений.",
        "calls.escalated_badge": "эскалация",
        "sort.-date": "Сначала новые",
        "sort.date": "Сначала старые",
        "sort.-duration": "Сначала длинные",
        "sort.duration": "Сначала короткие",
        "sort.-score": "Оценка: выше",
        "sort.score": "Оценка: ниже",
        "sentiment.negative": "негатив",
        "sentiment.neutral": "нейтрально",
        "sentiment.positive": "позитив",
        "channel.voice": "звонок",
        "channel.chat": "чат",
        "channel.email": "почта",
        "channel.review": "отзыв",
        "channel.other": "другое",
        "speaker.agent": "Оператор",
        "speaker.customer": "Клиент",
        "speaker.unknown": "Неизвестно",
        "task.deposit_maturity": "окончание вклада",
        "task.product_expiry": "окончание продукта",
        "task.callback": "перезвонить",
        "task.payment_promise": "обещание оплаты",
        "task.complaint": "жалоба",
        "task.churn_risk": "риск ухода",
        "call.title": "Звонок {id}",
        "call.conversation_title": "Переписка {id}",
        "call.back": "← К списку",
        "call.play": "Воспроизвести",
        "call.pause": "Пауза",
        "call.waveform": "Запись разговора",
        "call.transcript": "Расшифровка",
        "call.emotion": "Эмоции по репликам",
        "call.emotion_hint": "Возбуждение и валентность клиента и оператора; щелчок по точке — перейти к реплике.",
        "call.summary": "Кратко",
        "call.reason": "Причина",
        "call.outcome": "Итог",
        "call.open_items": "Открытые вопросы",
        "call.tasks": "Задачи",
        "call.due": "срок {date}",
        "call.play_quote": "Прослушать цитату",
        "call.categories": "Категории",
        "call.scorecard": "Оценка работы оператора",
        "call.criterion_passed": "выполнено",
        "call.criterion_failed": "не выполнено",
        "call.criterion_na": "не применимо",
        "call.metrics": "Показатели",
        "call.talk_share": "Доля речи",
        "call.silence": "Тишина",
        "call.longest_silence": "Самая долгая пауза",
        "call.overtalk": "Одновременная речь",
        "call.interruptions": "Перебивания",
        "call.routing": "Решение маршрутизации перед звонком",
        "call.routing_none": "Звонок прошёл без решения IVR.",
        "call.queue": "Очередь",
        "call.priority": "Приоритет",
        "call.rule": "Правило",
        "call.policy": "Версия политики",
        "call.reasons": "Причины",
        "call.redacted": "скрыто",
        "call.no_audio": "Текстовая переписка: записи нет.",
        "call.audio_missing": "Запись не хранится.",
        "call.customer_link": "Все обращения клиента",
        "call.arousal": "возбуждение",
        "call.valence": "валентность",
        "call.language": "Язык",
        "call.date": "Дата",
        "call.not_ready": "Звонок ещё не разобран: статус {status}.",
        "error.not_found": "Не найдено.",
        "error.title": "Ошибка",
        "unit.s": "с",
    },
    "en": {
        "app.skip": "Skip to content",
        "nav.calls": "Calls",
        "nav.insights": "Insights",
        "nav.routing": "Routing",
        "nav.language": "Русский",
        "nav.language.label": "Переключить на русский",
        "nav.signout": "Sign out",
        "signin.title": "Sign in",
        "signin.key": "API key",
        "signin.hint": "A key with the ui:read or results:read scope (voc keys create).",
        "signin.submit": "Sign in",
        "signin.bad_key": "That key did not work: it is unknown, revoked, or lacks ui:read / results:read.",
        "signin.expired": "The form expired; please try again.",
        "calls.title": "Calls and conversations",
        "calls.count": "Found: {total}",
        "calls.none": "Nothing found.",
        "calls.filters": "Filters",
        "calls.apply": "Apply",
        "calls.reset": "Reset",
        "calls.search": "Search words",
        "calls.since": "From",
        "calls.until": "To",
        "calls.channel": "Channel",
        "calls.sentiment": "End sentiment",
        "calls.escalated": "Escalated",
        "calls.task": "Task type",
        "calls.topic": "Topic",
        "calls.category": "Category",
        "calls.agent": "Agent",
        "calls.customer": "Customer",
        "calls.sort": "Sort",
        "calls.any": "Any",
        "calls.yes": "Yes",
        "calls.no": "No",
        "calls.col.when": "When",
        "calls.col.duration": "Duration",
        "calls.col.agent": "Agent",
        "calls.col.customer": "Customer",
        "calls.col.arc": "Customer emotion",
        "calls.col.tasks": "Tasks",
        "calls.col.topics": "Topics",
        "calls.col.end": "End",
        "calls.prev": "← Previous",
        "calls.next": "Next →",
        "calls.page": "Rows {first}–{last} of {total}",
        "calls.search_note": "Search looks at the {hits} newest matches.",
        "calls.escalated_badge": "escalated",
        "sort.-date": "Newest first",
        "sort.date": "Oldest first",
        "sort.-duration": "Longest first",
        "sort.duration": "Shortest first",
        "sort.-score": "Highest score",
        "sort.score": "Lowest score",
        "sentiment.negative": "negative",
        "sentiment.neutral": "neutral",
        "sentiment.positive": "positive",
        "channel.voice": "call",
        "channel.chat": "chat",
        "channel.email": "e-mail",
        "channel.review": "review",
        "channel.other": "other",
        "speaker.agent": "Agent",
        "speaker.customer": "Customer",
        "speaker.unknown": "Unknown",
        "task.deposit_maturity": "deposit maturity",
        "task.product_expiry": "product expiry",
        "task.callback": "call back",
        "task.payment_promise": "payment promise",
        "task.complaint": "complaint",
        "task.churn_risk": "churn risk",
        "call.title": "Call {id}",
        "call.conversation_title": "Conversation {id}",
        "call.back": "← Back to the list",
        "call.play": "Play",
        "call.pause": "Pause",
        "call.waveform": "Recording",
        "call.transcript": "Transcript",
        "call.emotion": "Emotion per turn",
        "call.emotion_hint": "Arousal and valence of customer and agent; click a point to go to its turn.",
        "call.summary": "Summary",
        "call.reason": "Reason",
        "call.outcome": "Outcome",
        "call.open_items": "Open items",
        "call.tasks": "Tasks",
        "call.due": "due {date}",
        "call.play_quote": "Play the quote",
        "call.categories": "Categories",
        "call.scorecard": "Agent scorecard",
        "call.criterion_passed": "passed",
        "call.criterion_failed": "failed",
        "call.criterion_na": "not applicable",
        "call.metrics": "Metrics",
        "call.talk_share": "Talk share",
        "call.silence": "Silence",
        "call.longest_silence": "Longest silence",
        "call.overtalk": "Overtalk",
        "call.interruptions": "Interruptions",
        "call.routing": "Routing decision before the call",
        "call.routing_none": "No IVR decision preceded this call.",
        "call.queue": "Queue",
        "call.priority": "Priority",
        "call.rule": "Rule",
        "call.policy": "Policy version",
        "call.reasons": "Reasons",
        "call.redacted": "redacted",
        "call.no_audio": "A text conversation: there is no recording.",
        "call.audio_missing": "No recording is kept.",
        "call.customer_link": "All of this customer's contacts",
        "call.arousal": "arousal",
        "call.valence": "valence",
        "call.language": "Language",
        "call.date": "Date",
        "call.not_ready": "This call is not analysed yet: it is {status}.",
        "error.not_found": "Not found.",
        "error.title": "Error",
        "unit.s": "s",
    },
}


def language_of(cookie: str | None) -> str:
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Locale:
    """The reader's language: its words, and how it writes numbers, dates and durations."""

    language: str

    def text(self, key: str, **values: object) -> str:
        words = MESSAGES[self.language].get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key) or key
        return words.format(**values) if values else words

    def number(self, value: float | int | None, digits: int = 0) -> str:
        if value is None:
            return "—"
        written = f"{value:,.{digits}f}"
        if self.language == "ru":  # 12 345,6
            return written.replace(",", "\u202f").replace(".", ",")
        return written

    def percent(self, share: float | None) -> str:
        return "—" if share is None else f"{self.number(share * 100)}\u00a0%"

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return "—"
        return value.strftime("%d.%m.%Y") if self.language == "ru" else value.strftime("%-d %b %Y")

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return "—"
        return f"{self.date(value.date())} {value.strftime('%H:%M')}"

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "—"
        whole = round(seconds)
        return f"{whole // 60}:{whole % 60:02d}"

    def seconds(self, seconds: float | None) -> str:
        return "—" if seconds is None else f"{self.number(seconds, 1)}\u00a0{self.text('unit.s')}"

    def template_functions(self) -> dict[str, Callable[..., str]]:
        return {
            "t": self.text,
            "fmt_number": self.number,
            "fmt_percent": self.percent,
            "fmt_date": self.date,
            "fmt_datetime": self.datetime,
            "fmt_duration": self.duration,
            "fmt_seconds": self.seconds,
        }
