"""Writes the synthesised calls for the end-to-end emotion evaluation, with ground truth.

    PATH=.venv/bin:$PATH .venv/bin/python scripts/make_emotion_calls.py [--batch fresh]

`--batch fresh4` writes tests/data/emotion/fresh4/: the fourth round's fresh batch (voices between
the earlier ones, agreeing closes, an upset close without grievance words; new wording).

`--batch fresh3` writes tests/data/emotion/fresh3/: the third round's fresh batch (voice3: deeper
and brighter customers, slower and faster, upset at new strengths; new wording).

`--batch fresh2` writes tests/data/emotion/fresh2/: the second round's fresh batch, other wording
and other customer voices (every customer line moved in pitch, calm or upset, see `voice`).

`--batch fresh` writes tests/data/emotion/fresh/: calls written after all tuning of issue 13 and
scored once (docs/emotion.md); its upset lines also carry vocal effort (+4 dB spectral tilt) at
other strengths than the tuning calls (+2.5 st, x1.1, +4 dB), and in several calls every
customer line is upset.

Each call is a stereo 8 kHz FLAC (agent left, customer right, telephone band) in
tests/data/emotion/calls/, with <name>.json next to it: the callsynth truth plus
extra = {language, sentiment_end, escalate, why}. Angry customer lines are spoken as aroused
copies (pitch +3 semitones, tempo x1.15, +5 dB) of the same voice's calm lines, so the voice
carries the anger as well as the words. Needs festival + festvox-ru and piper + joe-us voice.

Truth follows the product rule, not the code: escalate when the customer needs a supervisor
or retention follow-up (threat to leave, supervisor request, anger or a complaint still open
at the end); sentiment_end is the customer's attitude in the closing turns.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from callsynth import Line, render_call, to_telephone, write_audio

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "emotion" / "calls"


def angry(speaker: str, text: str, language: str = "ru", gap: float = 0.6) -> Line:
    return Line(speaker, text, language=language, gap_before=gap, pitch_semitones=3.0, tempo=1.15, gain_db=5.0)


def upset(speaker: str, text: str, language: str = "ru", gap: float = 0.5) -> Line:
    return Line(speaker, text, language=language, gap_before=gap, pitch_semitones=2.5, tempo=1.1, gain_db=4.0,
                tilt_db=4.0)


def calm(speaker: str, text: str, language: str = "ru", gap: float = 0.6) -> Line:
    return Line(speaker, text, language=language, gap_before=gap)


CALLS: dict[str, tuple[str, str, bool, str, list[Line]]] = {
    "ru_threat_to_leave": ("ru", "negative", True, "threat to leave, unresolved", [
        calm("agent", "Банк Восток, здравствуйте, меня зовут Ольга."),
        calm("customer", "Здравствуйте. У меня с карты списали деньги за страховку."),
        calm("agent", "Сейчас посмотрю. Страховка была подключена при оформлении кредита."),
        angry("customer", "Я её не подключал! Это обман! Третий раз вам звоню по этому поводу!"),
        calm("agent", "Я могу оформить заявление на возврат, срок рассмотрения тридцать дней."),
        angry("customer", "Тридцать дней? Всё, я закрываю все счета и ухожу в другой банк!"),
    ]),
    "ru_supervisor": ("ru", "negative", True, "asks for a supervisor", [
        calm("agent", "Служба поддержки, слушаю вас."),
        angry("customer", "Мне уже неделю не могут разблокировать карту, это безобразие!"),
        calm("agent", "Приношу извинения, блокировку снимает служба безопасности."),
        angry("customer", "Позовите руководителя, с вами говорить бесполезно!"),
        calm("agent", "Хорошо, я передам обращение старшему специалисту."),
        calm("customer", "Жду звонка сегодня же."),
    ]),
    "ru_resolved_anger": ("ru", "positive", False, "angry at first, resolved with thanks", [
        calm("agent", "Интернет магазин, здравствуйте."),
        angry("customer", "Мне привезли разбитый телевизор! Что за безобразие!"),
        calm("agent", "Очень жаль. Мы заменим телевизор завтра, доставка бесплатная."),
        calm("customer", "Завтра? Хорошо, это меня устраивает."),
        calm("agent", "Курьер приедет с десяти до двенадцати."),
        calm("customer", "Спасибо большое, вы очень помогли."),
    ]),
    "ru_calm_deposit": ("ru", "positive", False, "calm request, thanks", [
        calm("agent", "Банк Восток, здравствуйте."),
        calm("customer", "Добрый день. Хочу узнать ставку по вкладу на год."),
        calm("agent", "Сейчас ставка девять процентов годовых."),
        calm("customer", "Хорошо, а можно пополнять вклад?"),
        calm("agent", "Да, пополнять можно в любой день."),
        calm("customer", "Отлично, спасибо за информацию."),
    ]),
    "ru_calm_neutral": ("ru", "neutral", False, "plain request, neutral close", [
        calm("agent", "Служба доставки, здравствуйте."),
        calm("customer", "Здравствуйте, когда привезут мой заказ?"),
        calm("agent", "Заказ будет у вас в четверг."),
        calm("customer", "Понятно. А в какое время?"),
        calm("agent", "С двенадцати до шести вечера."),
        calm("customer", "Хорошо, буду дома."),
    ]),
    "ru_unresolved_complaint": ("ru", "negative", True, "complaint left open, not loud", [
        calm("agent", "Добрый день, слушаю вас."),
        calm("customer", "Я хочу оставить жалобу на сотрудника отделения, он мне нахамил."),
        calm("agent", "Я зарегистрировала обращение, ответ придёт в течение месяца."),
        calm("customer", "Месяц ждать ответа? Меня это совершенно не устраивает."),
        calm("agent", "К сожалению, быстрее не получится."),
        calm("customer", "Очень плохо. Я разочарован вашим банком."),
    ]),
    "ru_worried_resolved": ("ru", "positive", False, "worried about fraud, card blocked in time", [
        calm("agent", "Банк Восток, здравствуйте."),
        angry("customer", "Помогите, мне пришло смс о переводе, который я не делал, я очень боюсь!"),
        calm("agent", "Не волнуйтесь, я заблокировала карту, перевод отменён."),
        calm("customer", "Правда? Деньги на месте?"),
        calm("agent", "Да, все деньги на месте, новую карту выпустим бесплатно."),
        calm("customer", "Спасибо огромное, вы меня спасли."),
    ]),
    "ru_loud_but_fine": ("ru", "positive", False, "loud line, friendly words", [
        calm("agent", "Салон связи, здравствуйте."),
        calm("customer", "Здравствуйте, хочу подключить новый тариф."),
        calm("agent", "Могу предложить тариф с безлимитным интернетом."),
        angry("customer", "Отлично, давайте подключим прямо сейчас!"),
        calm("agent", "Готово, тариф подключён."),
        calm("customer", "Спасибо, всё понятно."),
    ]),
    "en_angry_cancel": ("en", "negative", True, "repeat contact, cancels contract", [
        calm("agent", "Good morning, North Telecom, how can I help?", "en"),
        angry("customer", "This is the third time I'm calling! My internet has been down for a week!", "en"),
        calm("agent", "I'm sorry. The engineer can come next Tuesday.", "en"),
        angry("customer", "Next Tuesday? That's unacceptable. I'm cancelling my contract.", "en"),
        calm("agent", "I understand, I will pass this on.", "en"),
        calm("customer", "Don't bother. I'm switching to another provider.", "en"),
    ]),
    "en_calm_thanks": ("en", "positive", False, "calm question, thanks", [
        calm("agent", "Good afternoon, City Bank, how can I help?", "en"),
        calm("customer", "Hello, I'd like to check when my card payment is due.", "en"),
        calm("agent", "Your next payment is due on the fifteenth of March.", "en"),
        calm("customer", "Great, and can I pay early?", "en"),
        calm("agent", "Yes, you can pay at any time in the app.", "en"),
        calm("customer", "Perfect, thank you so much for your help.", "en"),
    ]),
}


FRESH: dict[str, tuple[str, str, bool, str, list[Line]]] = {
    "ru_all_upset_fee": ("ru", "negative", True, "upset in every line, threatens to leave", [
        calm("agent", "Добрый день, банк Север, чем могу помочь?"),
        upset("customer", "Почему с меня опять взяли комиссию за обслуживание?"),
        calm("agent", "Комиссия списывается по тарифу, если остаток меньше десяти тысяч."),
        upset("customer", "Мне никто об этом не говорил, это обман!"),
        calm("agent", "Я могу отправить вам условия тарифа."),
        upset("customer", "Не надо. Я закрываю все счета в вашем банке."),
    ]),
    "ru_all_upset_delivery": ("ru", "negative", True, "upset throughout, wants a manager", [
        calm("agent", "Служба доставки, здравствуйте."),
        upset("customer", "Я жду посылку уже две недели, где она?"),
        calm("agent", "Посылка задерживается на складе."),
        upset("customer", "Сколько можно ждать? Соедините меня с руководителем."),
        calm("agent", "Сейчас переведу звонок."),
        upset("customer", "Безобразие, больше у вас ничего не закажу."),
    ]),
    "ru_all_upset_then_thanks": ("ru", "positive", False, "upset, then the problem is solved", [
        calm("agent", "Оператор связи, слушаю вас."),
        upset("customer", "У меня второй день не работает интернет!"),
        calm("agent", "На линии была авария, её уже устранили. Перезагрузите роутер."),
        calm("customer", "Сейчас попробую. Да, заработало."),
        calm("agent", "Отлично. Мы начислим компенсацию за два дня."),
        calm("customer", "Спасибо, это приятно."),
    ]),
    "ru_some_upset_open": ("ru", "negative", True, "one upset line, complaint left open", [
        calm("agent", "Страховая компания, добрый день."),
        calm("customer", "Добрый день. Я подал документы на выплату месяц назад."),
        calm("agent", "Ваше дело ещё на рассмотрении."),
        upset("customer", "Месяц на рассмотрении? Я буду писать жалобу."),
        calm("agent", "Это ваше право, я зарегистрирую обращение."),
        calm("customer", "Регистрируйте. Мне это очень не нравится."),
    ]),
    "ru_calm_question": ("ru", "neutral", False, "calm question, plain close", [
        calm("agent", "Банк Север, здравствуйте."),
        calm("customer", "Здравствуйте, подскажите, до скольки работает отделение на Ленина?"),
        calm("agent", "Отделение работает до восьми вечера."),
        calm("customer", "А в субботу?"),
        calm("agent", "В субботу до четырёх."),
        calm("customer", "Понятно, до свидания."),
    ]),
    "ru_calm_thanks": ("ru", "positive", False, "calm, thanks", [
        calm("agent", "Аптека, здравствуйте."),
        calm("customer", "Добрый день, есть ли у вас в наличии витамин дэ?"),
        calm("agent", "Да, есть, можно забрать сегодня."),
        calm("customer", "Отлично, большое спасибо за помощь."),
    ]),
    "en_all_upset": ("en", "negative", True, "upset throughout, cancels", [
        calm("agent", "Hello, Metro Energy, how can I help?", "en"),
        upset("customer", "You charged me twice this month and nobody called me back!", "en"),
        calm("agent", "I'm sorry, I can see the double charge.", "en"),
        upset("customer", "This is the third time I'm calling about it!", "en"),
        calm("agent", "I will request a refund today.", "en"),
        upset("customer", "I've had enough. I'm closing my account.", "en"),
    ]),
    "en_calm_resolved": ("en", "positive", False, "calm, resolved", [
        calm("agent", "Good morning, Metro Energy.", "en"),
        calm("customer", "Hi, I moved house and need to update my address.", "en"),
        calm("agent", "Done, your new address is saved.", "en"),
        calm("customer", "Lovely, thanks a lot.", "en"),
    ]),
}


def voice(semitones: float, language: str = "ru") -> tuple[Callable[[str], Line], Callable[[str], Line]]:
    """A customer with another voice (fresh2): every line of theirs, calm or upset, is moved by
    `semitones` through the same phase vocoder, so being processed is no tell of being upset;
    upset lines add +2 st, x1.12 tempo, +4.5 dB and +5 dB of spectral tilt on top."""

    def calm_line(text: str) -> Line:
        return Line("customer", text, language=language, gap_before=0.55, pitch_semitones=semitones, tempo=0.98)

    def upset_line(text: str) -> Line:
        return Line("customer", text, language=language, gap_before=0.45, pitch_semitones=semitones + 2.0,
                    tempo=1.12, gain_db=4.5, tilt_db=5.0)

    return calm_line, upset_line


HIGH_RU, LOW_RU, HIGH_EN, LOW_EN = voice(4.0), voice(-2.0), voice(3.0, "en"), voice(-2.0, "en")

# The second fresh batch (issue 13, second round): written after all tuning, other wording,
# other customer voices, scored once.
FRESH2: dict[str, tuple[str, str, bool, str, list[Line]]] = {
    "ru_card_blocked_all_upset": ("ru", "negative", True, "upset in every line, moves the salary away", [
        calm("agent", "Банк Заря, добрый день."),
        HIGH_RU[1]("Вы заблокировали мою карту без всякого предупреждения!"),
        calm("agent", "Карта заблокирована из-за подозрительной операции."),
        HIGH_RU[1]("Я сам делал эту операцию, почему меня никто не спросил?"),
        calm("agent", "Разблокировка займёт один рабочий день."),
        HIGH_RU[1]("Целый день без денег? Всё, переведу зарплату в другой банк."),
    ]),
    "ru_internet_all_upset_claim": ("ru", "negative", True, "upset throughout, files a claim", [
        calm("agent", "Провайдер Сеть, слушаю вас."),
        LOW_RU[1]("Интернет не работает с понедельника!"),
        calm("agent", "По вашему адресу ведутся ремонтные работы."),
        LOW_RU[1]("Мастер так и не пришёл, хотя мне обещали."),
        calm("agent", "Я передам заявку повторно."),
        LOW_RU[1]("Я напишу официальную претензию, так работать нельзя."),
    ]),
    "ru_upset_then_settled": ("ru", "positive", False, "upset twice, then the money is back", [
        calm("agent", "Магазин Техника, здравствуйте."),
        HIGH_RU[1]("Мне до сих пор не вернули деньги за возврат!"),
        calm("agent", "Проверяю. Возврат задержался, отправляю деньги прямо сейчас."),
        HIGH_RU[1]("Почему я должен звонить, чтобы получить свои деньги?"),
        calm("agent", "Приносим извинения, деньги уже отправлены."),
        HIGH_RU[0]("Хорошо, вижу перевод. Спасибо, что разобрались."),
    ]),
    "ru_one_outburst_supervisor": ("ru", "negative", True, "one outburst, asks for a senior, unhappy close", [
        calm("agent", "Страховая компания Опора, добрый день."),
        LOW_RU[0]("Добрый день, я жду выплату по страховке уже третью неделю."),
        calm("agent", "Выплата на проверке, срок пока не известен."),
        LOW_RU[1]("Дайте мне поговорить со старшим специалистом!"),
        calm("agent", "Старший специалист перезвонит вам завтра."),
        LOW_RU[0]("Я очень недоволен, жду звонка."),
    ]),
    "ru_calm_transfer_question": ("ru", "neutral", False, "calm question, plain goodbye", [
        calm("agent", "Банк Заря, здравствуйте."),
        HIGH_RU[0]("Здравствуйте, как перевести деньги на карту другого банка?"),
        calm("agent", "В приложении выберите перевод по номеру телефона."),
        HIGH_RU[0]("А какая комиссия?"),
        calm("agent", "До ста тысяч в месяц без комиссии."),
        HIGH_RU[0]("Понятно, до свидания."),
    ]),
    "ru_calm_renewal_thanks": ("ru", "positive", False, "calm renewal, thanks", [
        calm("agent", "Страховая компания Опора, слушаю вас."),
        LOW_RU[0]("Хочу продлить страховку на машину ещё на год."),
        calm("agent", "Готово, полис продлён, документы придут на почту."),
        LOW_RU[0]("Отлично, спасибо, всё очень быстро."),
    ]),
    "ru_calm_sad_news_thanks": ("ru", "positive", False, "sad news said calmly, helped, thanks", [
        calm("agent", "Банк Заря, добрый день."),
        HIGH_RU[0]("Добрый день. У меня умер отец, мне нужно закрыть его счёт."),
        calm("agent", "Примите соболезнования. Приходите в отделение со свидетельством о смерти."),
        HIGH_RU[0]("Хорошо. Мне было очень тяжело звонить."),
        calm("agent", "Понимаю. Если нужно, мы оформим всё за один визит."),
        HIGH_RU[0]("Спасибо большое, вы очень помогли."),
    ]),
    "en_parcel_all_upset": ("en", "negative", True, "upset throughout, wants a manager", [
        calm("agent", "Swift Parcels, how can I help?", "en"),
        HIGH_EN[1]("My parcel was left outside in the rain and it's completely ruined!"),
        calm("agent", "I'm sorry to hear that. I can open a claim.", "en"),
        HIGH_EN[1]("I have been on hold for forty minutes!"),
        calm("agent", "The claim will take ten working days.", "en"),
        HIGH_EN[1]("Forget it, I want to speak to a manager."),
    ]),
    "en_calm_opening_hours": ("en", "neutral", False, "calm question, plain goodbye", [
        calm("agent", "Good afternoon, Harbour Bank.", "en"),
        LOW_EN[0]("Hi, what time does the branch on King Street close on Saturday?", ),
        calm("agent", "It closes at two in the afternoon on Saturdays.", "en"),
        LOW_EN[0]("I see. Bye.", ),
    ]),
    "en_calm_formal_complaint": ("en", "negative", True, "calm voice, complaint left open", [
        calm("agent", "Swift Parcels, customer service.", "en"),
        HIGH_EN[0]("I want to make a formal complaint about your driver."),
        calm("agent", "I'm sorry. What happened?", "en"),
        HIGH_EN[0]("He was rude to me and threw the box at my door."),
        calm("agent", "I will pass this on to the depot manager.", "en"),
        HIGH_EN[0]("That is not good enough."),
    ]),
}


def voice3(semitones: float, tempo: float, language: str = "ru") -> tuple[Callable[[str], Line], Callable[[str], Line]]:
    """Customer voices of the third fresh batch (issue 13, third round): another pitch and tempo
    for every line of the customer, and upset lines at strengths no evaluation used before
    (+1.5 st, x1.08 on top, +3.5 dB, +4 dB of spectral tilt)."""

    def calm_line(text: str) -> Line:
        return Line("customer", text, language=language, gap_before=0.5, pitch_semitones=semitones, tempo=tempo)

    def upset_line(text: str) -> Line:
        return Line("customer", text, language=language, gap_before=0.4, pitch_semitones=semitones + 1.5,
                    tempo=tempo * 1.08, gain_db=3.5, tilt_db=4.0)

    return calm_line, upset_line


DEEP_RU, BRIGHT_RU, DEEP_EN, BRIGHT_EN = voice3(-3.0, 0.93), voice3(2.0, 1.04), voice3(-3.0, 0.95, "en"), voice3(
    1.5, 1.03, "en")

# The third fresh batch (issue 13, third round): written after all tuning of the round (pitch on
# telephone-band audio, ASR word certainty), other wording and other customer voices, scored once.
FRESH3: dict[str, tuple[str, str, bool, str, list[Line]]] = {
    "ru_double_charge_all_upset": ("ru", "negative", True, "upset in every line, closes the account", [
        calm("agent", "Банк Север, здравствуйте, меня зовут Анна."),
        DEEP_RU[1]("С меня дважды списали оплату за квартиру!"),
        calm("agent", "Вижу две операции. Вторая вернётся в течение десяти дней."),
        DEEP_RU[1]("Десять дней? Мне нечем платить за садик!"),
        calm("agent", "Ускорить возврат, к сожалению, нельзя."),
        DEEP_RU[1]("Тогда я закрываю счёт и больше к вам не приду."),
    ]),
    "ru_router_all_upset_manager": ("ru", "negative", True, "upset throughout, asks for a manager", [
        calm("agent", "Компания Линк, добрый вечер."),
        BRIGHT_RU[1]("Роутер опять не работает, я звоню уже четвёртый раз!"),
        calm("agent", "Давайте я проверю линию."),
        BRIGHT_RU[1]("Проверяли уже сто раз, ничего не меняется!"),
        calm("agent", "Линия в порядке, могу прислать мастера в пятницу."),
        BRIGHT_RU[1]("Соедините меня с вашим руководителем."),
    ]),
    "ru_late_order_upset_then_ok": ("ru", "positive", False, "upset at first, the courier is found, thanks", [
        calm("agent", "Интернет-магазин Полка, здравствуйте."),
        DEEP_RU[1]("Заказ должен был приехать ещё вчера, где он?"),
        calm("agent", "Курьер задержался, он будет у вас через час."),
        DEEP_RU[0]("Хорошо, через час меня устроит."),
        calm("agent", "Ещё раз извините за задержку."),
        DEEP_RU[0]("Ничего страшного, спасибо за помощь."),
    ]),
    "ru_calm_limit_question": ("ru", "neutral", False, "calm question about a limit", [
        calm("agent", "Банк Север, слушаю вас."),
        BRIGHT_RU[0]("Подскажите, какой лимит на снятие наличных в день?"),
        calm("agent", "Двести тысяч рублей в сутки."),
        BRIGHT_RU[0]("А в другом городе такой же?"),
        calm("agent", "Да, лимит одинаковый по всей стране."),
        BRIGHT_RU[0]("Ясно, больше вопросов нет."),
    ]),
    "ru_calm_address_change_thanks": ("ru", "positive", False, "calm change of address, thanks", [
        calm("agent", "Компания Линк, здравствуйте."),
        DEEP_RU[0]("Я переезжаю и хочу перенести договор на новый адрес."),
        calm("agent", "Хорошо, подключим по новому адресу в понедельник."),
        DEEP_RU[0]("Замечательно, благодарю вас."),
    ]),
    "ru_calm_complaint_open": ("ru", "negative", True, "calm voice, written complaint, left open", [
        calm("agent", "Интернет-магазин Полка, добрый день."),
        BRIGHT_RU[0]("Мне привезли сломанный холодильник, я хочу подать жалобу."),
        calm("agent", "Заявку рассмотрят в течение двух недель."),
        BRIGHT_RU[0]("Две недели без холодильника меня не устраивают."),
    ]),
    "ru_some_upset_unresolved": ("ru", "negative", True, "calm start, upset close, nothing solved", [
        calm("agent", "Управляющая компания Дом, слушаю."),
        DEEP_RU[0]("Здравствуйте, у нас в подъезде третью неделю не горит свет."),
        calm("agent", "Электрик сейчас занят на других адресах."),
        DEEP_RU[1]("Сколько можно ждать? Это безобразие, у нас дети падают в темноте!"),
    ]),
    "en_billing_all_upset": ("en", "negative", True, "upset throughout, threatens to cancel", [
        calm("agent", "Northline Energy, this is Sam.", "en"),
        BRIGHT_EN[1]("You charged me twice this month and nobody answers my emails!"),
        calm("agent", "I can see the second payment. It will be refunded within a week.", "en"),
        BRIGHT_EN[1]("A week? This is ridiculous, I'm cancelling my contract."),
    ]),
    "en_calm_meter_reading": ("en", "neutral", False, "calm meter reading, plain goodbye", [
        calm("agent", "Northline Energy, good morning.", "en"),
        DEEP_EN[0]("Hello, I would like to give you my meter reading.", ),
        calm("agent", "Sure, go ahead.", "en"),
        DEEP_EN[0]("It is four two seven one five.", ),
        calm("agent", "Thank you, that is recorded.", "en"),
        DEEP_EN[0]("Okay, goodbye.", ),
    ]),
    "en_calm_upgrade_thanks": ("en", "positive", False, "calm plan upgrade, thanks", [
        calm("agent", "Brightwave Mobile, how can I help?", "en"),
        DEEP_EN[0]("I'd like to move to the unlimited data plan.", ),
        calm("agent", "Done, the new plan starts tomorrow.", "en"),
        DEEP_EN[0]("Great, thank you so much for your help.", ),
    ]),
}

# The fourth fresh batch (issue 13, fourth round): written after the round's changes (prompt
# vocabulary, borderline escalation, agreeing replies, calibration), new wording, customer voices
# between the earlier ones (-1 / +1 st, slower / faster), scored once.
LOW4_RU, HIGH4_RU, LOW4_EN, HIGH4_EN = (
    voice3(-1.0, 0.97),
    voice3(1.0, 1.02),
    voice3(-1.0, 0.98, "en"),
    voice3(1.0, 1.01, "en"),
)
FRESH4: dict[str, tuple[str, str, bool, str, list[Line]]] = {
    "ru_insurance_all_upset_court": ("ru", "negative", True, "upset throughout, threatens court", [
        calm("agent", "Страховая компания Опора, здравствуйте."),
        LOW4_RU[1]("Вы второй месяц не выплачиваете мне страховку за машину!"),
        calm("agent", "Ваше дело на проверке, срок ещё не истёк."),
        LOW4_RU[1]("Какая проверка? Верните деньги, или я пойду в суд!"),
    ]),
    "ru_calm_delivery_agree": ("ru", "neutral", False, "calm question about a delivery, agrees", [
        calm("agent", "Служба доставки Путь, здравствуйте."),
        HIGH4_RU[0]("Здравствуйте, когда приедет моя посылка?"),
        calm("agent", "Курьер привезёт её в четверг после обеда."),
        HIGH4_RU[0]("Ладно, буду ждать курьера."),
    ]),
    "ru_calm_tariff_thanks": ("ru", "positive", False, "calm tariff change, thanks", [
        calm("agent", "Оператор Волна, добрый день."),
        LOW4_RU[0]("Хочу перейти на тариф без абонентской платы."),
        calm("agent", "Готово, новый тариф начнёт действовать с первого числа."),
        LOW4_RU[0]("Отлично, спасибо большое."),
    ]),
    "ru_upset_close_no_cue": ("ru", "negative", True, "calm start, upset close, nothing solved", [
        calm("agent", "Сервисный центр Мастер, слушаю."),
        HIGH4_RU[0]("Здравствуйте, мой ноутбук обещали отремонтировать к понедельнику."),
        calm("agent", "Деталь ещё не пришла, ремонт переносится на две недели."),
        HIGH4_RU[1]("Опять переносите! Сколько можно кормить меня обещаниями!"),
    ]),
    "ru_upset_then_fixed_thanks": ("ru", "positive", False, "upset at first, fixed, thanks", [
        calm("agent", "Банк Север, здравствуйте."),
        LOW4_RU[1]("Почему у меня заблокировали карту прямо в магазине?"),
        calm("agent", "Сработала защита от мошенников, я уже сняла блокировку."),
        LOW4_RU[0]("Понятно, спасибо, что так быстро разобрались."),
    ]),
    "en_refund_all_upset_manager": ("en", "negative", True, "upset throughout, asks for a manager", [
        calm("agent", "Skyway Travel, this is Mia.", "en"),
        HIGH4_EN[1]("This is the third time I'm calling about my refund!"),
        calm("agent", "The refund is still being processed.", "en"),
        HIGH4_EN[1]("That is not good enough. I want to speak to your manager."),
    ]),
    "en_calm_agree_email": ("en", "neutral", False, "calm question, agrees to wait", [
        calm("agent", "Skyway Travel, good afternoon.", "en"),
        LOW4_EN[0]("Hi, has my booking been confirmed yet?", ),
        calm("agent", "It will be confirmed by email tonight.", "en"),
        LOW4_EN[0]("Alright, I will wait for the email.", ),
    ]),
    "en_calm_thanks_address": ("en", "positive", False, "calm address update, thanks", [
        calm("agent", "Northline Energy, how can I help?", "en"),
        HIGH4_EN[0]("I need to update my billing address, please.", ),
        calm("agent", "Done, the next bill will go to the new address.", "en"),
        HIGH4_EN[0]("Perfect, thanks a lot for your help.", ),
    ]),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", choices=["tune", "fresh", "fresh2", "fresh3", "fresh4"], default="tune")
    args = parser.parse_args()
    out = OUT if args.batch == "tune" else OUT.parent / args.batch
    calls = {"tune": CALLS, "fresh": FRESH, "fresh2": FRESH2, "fresh3": FRESH3, "fresh4": FRESH4}[args.batch]
    out.mkdir(parents=True, exist_ok=True)
    for name, (language, sentiment_end, escalate, why, lines) in calls.items():
        channels, truth = render_call(lines)
        truth.sample_rate = 8000
        truth.extra = {"language": language, "sentiment_end": sentiment_end, "escalate": escalate, "why": why}
        write_audio(out / f"{name}.flac", to_telephone(channels), 8000)
        truth.write(out / f"{name}.json")
        print(name, f"{channels.shape[1] / 16000:.1f}s")


if __name__ == "__main__":
    main()
