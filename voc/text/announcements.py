"""Recorded announcements, IVR prompts and impersonal status messages: words nobody feels.

"Нажмите 8 для пересылки этого сообщения" or "All circuits are busy now" is a machine talking;
"Данная опция недоступна" states a fact. A sentiment model reads such sentences as negative,
but they carry no one's irritation, and they ask for nothing: they make no emotion label, no
escalation and no task. A person who is upset says so in their own words ("мне", "опять",
"!"), which is what `informational` looks for before it discounts a negative reading.
"""

from __future__ import annotations

import re

from voc.text.normalize import fold_case

_ANNOUNCEMENT = re.compile(
    r"\b(?:"
    # Russian IVR and hold messages
    r"нажмите|наберите (?:номер|добавочн\w*|нов\w*|\d|еще раз|снова)|проверьте номер|введите"
    r"|оставайтесь на линии|ожидайте ответа"
    r"|ваш (?:звонок|вызов) (?:очень )?важен|все (?:операторы|линии|специалисты) (?:сейчас )?заняты"
    r"|абонент (?:не |недоступ|занят|вне|находится)|после (?:звукового )?сигнала|добро пожаловать"
    r"|для (?:пересылки|прослушивания|записи|возврата|повтора|выхода|перехода|отмены|удаления|сохранения)"
    r"|главное меню|в предыдущее меню|повторите (?:попытку|ввод)|номер набран неверно|голосов\w+ (?:почт|ящик|меню)"
    r"|решетк\w*|звездочк\w*|разговор (?:может быть )?записыва\w*|в целях (?:контроля )?качества"
    r"|у вас (?:нет )?(?:\d+ |одно |два |три |нов\w+ )*сообщени\w*|сообщение (?:удалено|сохранено|записано)"
    # English ones
    r"|press (?:\d|one|two|three|four|five|six|seven|eight|nine|zero|star|pound)|pound key|star key"
    r"|please (?:hold|stay on the line|enter|try again|check the number)|your call is (?:very )?important"
    r"|all (?:circuits|lines|agents|operators|representatives) are (?:busy|currently)"
    r"|the (?:number|party|person|extension) you (?:have )?(?:dialed|called|are calling)|after the (?:tone|beep)"
    r"|welcome to|main menu|leave a (?:voice ?mail|message)|mailbox (?:is full|number)"
    r"|this call (?:may be|is being) recorded|for quality"
    r"|followed by the|to (?:return|repeat|leave|listen|hear|forward|record|exit|cancel)\b[^.!?]{0,40}\bpress"
    # menu lines, silences and call features of a conference bridge or PBX
    r"|(?:что ?бы|чтобы|to) (?:\w+ ){0,4}(?:громкост\w*|микрофон\w*|конференци\w*|участник\w*|volume|yourself"
    r"|participants?|conference)|\d+ seconds? of silence|call-?forward\w*|попробуйте (?:еще раз|позже|снова)"
    r"|please try again|i'?m sorry,? (?:that|this) (?:number|extension|option|selection|entry)"
    r"|благодарим (?:вас )?за (?:ожидание|терпение|звонок)"
    r"|thank you for (?:your patience|holding|waiting|calling)"
    # queue messages
    r"|(?:первым|вторым|третьим|\d+\W?\w*) в очереди|будет обслужен\w*|первым (?:свободным|доступным) оператор\w*"
    r"|зарегистрирован входящий (?:звонок|вызов)|your position in the queue|you are (?:\w+ )?in the queue"
    r"|will be answered by|next available (?:agent|operator|representative)"
    # caller-ID status of a PBX ("the number is withheld, so no call back")
    r"|номер (?:не ?определен\w*|неопределен\w*|скрыт)|обратный (?:звонок|вызов) не (?:будет )?(?:выполнен|возможен)"
    r"|(?:un-?i?n?dentified|withh?eld)\b[^.!?]{0,40}\bcalled back"
    # dialling instructions in a prompt's register ("данный номер": nobody on a call says it so)
    r"|(?:что ?бы|чтобы) (?:\w+ )?(?:набрать|вызвать|позвонить на) данн\w+ (?:номер|абонент\w*)"
    r"|to (?:dial|call) this (?:number|extension)"
    r")",
    re.IGNORECASE,
)

_STATUS = re.compile(
    r"\b(?:недоступ\w*|заблокирован\w*|занят\w*|неверн\w*|не существует|отключен\w*|не найден\w*|ошибк\w*"
    r"|истек\w*|отклонен\w*|не удалось|невозможн\w*|отменен\w*|запрещен\w*|недействител\w*"
    r"|unavailable|not available|blocked|busy|incorrect|invalid|disconnected|not (?:found|valid|in service)"
    r"|удален\w*|удалил\w*|выключен\w*|закрыт\w*|покинул\w*|деактивирован\w*|не отвечает|недопустим\w*"
    r"|ошибочн\w*|не может быть"
    r"|expired|declined|failed|cannot be|could not be|denied|locked|unlocked|muted|unmuted|removed|kicked"
    r"|left the|ended|disabled|de-?activated|logged off|no matches|not answering|does not accept|no \w* ?entries)\b",
    re.IGNORECASE,
)

# Words of a person with a stake: first person, evaluation, repetition, urgency.
_PERSONAL = re.compile(
    r"(?:!|\b(?:я|мне|меня|мной|мы|нам|нас|мой|моя|моё|мое|мои|моего|моей|моих|опять|снова|сколько можно"
    r"|безобраз\w*|ужас\w*|кошмар\w*|надоел\w*|достал\w*|издева\w*|почему|зачем|когда же"
    r"|i|i'm|me|my|we|us|our|again|still|why|terrible|ridiculous|awful)\b)",
    re.IGNORECASE,
)


DETACHED_MIN_WORDS = 6
# Talking to someone: second person or a question.
_ADDRESS = re.compile(r"(?:\?|\b(?:вы|вам|вас|ваш\w*|вами|ты|тебе|тебя|твой|you|your|yours)\b)", re.IGNORECASE)


# The vocabulary of the telephone system itself: what a PBX prompt or a demo recording talks
# about ("console channel driver ... the dial, answer and hang up commands"), and a caller almost
# never does. One such word proves nothing (a caller may mention a menu); several distinct ones in
# a sentence that neither speaks for oneself nor asks anything is the system describing itself.
_SYSTEM_TERMS = re.compile(
    r"\b(?:"
    r"(?P<console>consoles?|консол\w*)|(?P<channel>channels?|канал\w*)|(?P<driver>drivers?|драйвер\w*)"
    r"|(?P<command>commands?|команд\w*)|(?P<simulate>simulat\w*|имитир\w*|имитаци\w*|симулир\w*|эмулир\w*)"
    r"|(?P<demo>demo|demonstration\w*|демонстраци\w*|демо)|(?P<pbx>pbx|атс|asterisk|астериск\w*|ivr)"
    r"|(?P<extension>extensions?|добавочн\w*)|(?P<digit>digits?|цифр\w*)|(?P<keypad>keypad|keys|клавиш\w*)"
    r"|(?P<tone>touch-?tone|dial ?tone|тонов\w*)|(?P<dial>dial(?:s|ed|ing)?|набор\w*|набира\w*)"
    r"|(?P<hangup>hang(?:s|ing)? up|отбо\w*|трубк\w*)|(?P<mail>voice ?mail\w*|mailbox\w*|голосов\w+ почт\w*"
    r"|почтов\w+ ящик\w*)|(?P<config>configur\w*|конфигурац\w*|settings file)"
    r"|(?P<prompt>prompts?|sample sounds?|звуков\w+ файл\w*)|(?P<install>install\w*|установлен\w*)"
    r"|(?P<conference>conference\w*|конференц\w*)|(?P<directory>directory|справочник\w*|директори\w*)"
    r"|(?P<menu>menus?|меню)|(?P<callerid>caller ?id|определител\w*)"
    r")\b",
    re.IGNORECASE,
)
SYSTEM_TERMS_MIN = 3
# Speaking for oneself, or asking: a caller telling what they did with the phone.
_OWN_VOICE = re.compile(
    r"(?:\?|!|\b(?:я|мне|меня|мной|мой|моя|мое|мои|моего|моей|моих|i|i'm|i've|me|my|mine)\b)", re.IGNORECASE
)


def _system_description(folded: str) -> str | None:
    """Three or more distinct terms of the telephone system in impersonal words, or None."""
    if _OWN_VOICE.search(folded):
        return None
    kinds: dict[str, re.Match[str]] = {}
    for found in _SYSTEM_TERMS.finditer(folded):
        kinds.setdefault(next(k for k, v in found.groupdict().items() if v), found)
    if len(kinds) < SYSTEM_TERMS_MIN:
        return None
    first = min(m.start() for m in kinds.values())
    return folded[first : max(m.end() for m in kinds.values())]


def announcement(text: str) -> str | None:
    """The phrase that marks `text` as a recorded announcement or IVR prompt, or None."""
    folded = fold_case(text)
    found = _ANNOUNCEMENT.search(folded)
    if found:
        return text[found.start() : found.end()]
    described = _system_description(folded)
    if described is None:
        return None
    start = folded.index(described)
    return text[start : start + len(described)]


def informational(text: str) -> bool:
    """Words without a stake: an impersonal status message ("Конференция заблокирована.") or a
    detached statement that neither speaks for oneself nor addresses anyone ("Лицо его казалось
    утомлённым."). A negative reading of such words is not the speaker's irritation."""
    folded = fold_case(text)
    if _PERSONAL.search(folded):
        return False
    if _STATUS.search(folded):
        return True
    # A short reply ("Посмотрим.") answers the other party; only a longer statement is detached.
    return len(folded.split()) >= DETACHED_MIN_WORDS and not _ADDRESS.search(folded)
