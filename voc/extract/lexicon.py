"""Word patterns for products and intents, Russian and English (matched on lower-cased text).

Stems rather than word lists, so inflected and Whisper-spelled forms still match.
"""

from __future__ import annotations

import re

# Order matters: the first product found names the sentence's product ("страховка по ипотеке" is
# insurance, "кредитная карта" a card).
PRODUCTS: list[tuple[str, re.Pattern[str]]] = [
    # A rented safe-deposit box ends like any product, but "safe deposit box" is no deposit.
    ("safe_box", re.compile(r"ячейк|safe(?:ty)?[- ]deposit box|deposit box|\bsafe box")),
    ("leasing", re.compile(r"лизинг|\bleas(?:e|ing)\b")),
    (
        "deposit",
        re.compile(
            r"вклад|депозит|накопительн|сберегательн|savings|deposit|\bisa\b|fixed(?:[- ]rate)? bonds?|\bsavers?\b|"
            # "срок по вашему сертификату": a bank's certificate is a savings one (a shop's gift card is not)
            r"(?<!подарочный )(?<!подарочного )(?<!подарочным )(?<!подарочному )\bсертификат"
        ),
    ),
    ("insurance_kasko", re.compile(r"каско|kasko")),
    ("insurance_osago", re.compile(r"осаго|osago")),
    ("insurance", re.compile(r"страхов|полис|insurance|\bpolicy")),
    # "доступ к курсу действует до тридцатого июня": paid access to a course or a platform runs out like a subscription
    (
        "subscription",
        re.compile(
            r"подписк|абонемент|членств|subscription|membership|"
            r"\bдоступ\w* к (?:курс|урок|платформ|сервис|обучени|программ|материал)\w*|"
            r"\baccess to (?:the |your )?(?:course|platform|lessons|classes|programme|program)\b"
        ),
    ),
    ("card", re.compile(r"карт[аыуео]\b|карточк|кредитк|\bcard")),
    ("mortgage", re.compile(r"ипотек|mortgag")),  # "remortgaging" too
    ("investment", re.compile(r"инвест|облигац|брокерск|портфел|\bиис\b|invest|\bbonds?\b|\bfund")),
    # "овердрафт", "кредитная линия": credit by another name
    ("loan", re.compile(r"кредит|займ|заём|рас+рочк|\bloan|овердрафт|overdraft|credit line|line of credit")),
    # services a business or a deal runs under a contract that ends: escrow, letters of credit, acquiring, payroll
    (
        "service",
        re.compile(
            r"эскроу|escrow|аккредитив|letter of credit|эквайринг|acquiring|зарплатн\w+ проект|payroll|"
            r"факторинг|\bfactoring\b|"
            r"металлическ\w+ сч[её]т|metal account|"
            # a bank guarantee under a contract: it expires like any other contract the bank runs
            r"банковск\w+ гаранти|\bгаранти\w* по (?:\w+\s+)?(?:госконтракт|контракт|тендер)|bank guarantee|"
            # a contract for a service the customer pays for: home internet, mobile, hosting
            r"\bдоговор\w* (?:(?:на|об?) )?(?:\w+\s+)?(?:интернет|связ|обслуживани|хостинг|аренд|услуг)|"
            r"\b(?:internet|broadband|mobile|phone|hosting|service|network|sim) (?:contract|plan|agreement)\b|"
            # a tariff plan or a service package the customer is on: it is withdrawn or runs out like a contract
            r"тарифн\w* план|пакет\w* (?:услуг|обслуживани)|\b(?:tariff|price|data|calling|call) plan\b|"
            r"\b(?:service|banking|premium) package\b|"
            # "your Start package", "my business account package": the customer's own bundle of services (a parcel
            # on its way is no product)
            r"\b(?:my|your|our) (?:\w+ ){0,2}(?:package|bundle)\b"
            r"(?![^.!?]{0,30}\b(?:deliver|arriv|ship|dispatch|post))|"
            # the customer's own contract, whatever it covers: "ваш договор на охрану квартиры", "пенсионный
            # договор", "my annuity contract" (a loan's or a deposit's is named by its product first)
            r"\b(?:ваш|мой|наш)\w*\s+(?:\w+\s+)?договор|\bпенсионн\w+ договор|"
            r"\b(?:my|your|our) (?:\w+ )?(?:contract|agreement)\b|"
            # whatever else the customer holds under a term: any contract ("договор на охранную сигнализацию", "the
            # course contract"), a package or an option ("пакет роуминга", "опция ... подключена до"; a pack of
            # documents is none), a permit, a data or roaming add-on
            # ("в договоре указано", "согласно договору": the paper a date is read from, not what ends)
            r"(?<!\bв )(?<!согласно )\bдоговор(?:а|у|ом|е|ы|ов|ам|ами|ах)?\b|\bcontracts?\b|"
            r"\bопци[яиюей]\b|\bпакет\w*\b(?!\s+(?:документ|бумаг|справ))|"
            r"\bразрешени[еяю]\b|\bpermits?\b|\badd-?ons?\b|"
            r"\b(?:data|roaming|travel|internet|mobile|minutes|sms|text|tv|broadband)\s+(?:package|bundle|pass|pack)\b"
        ),
    ),
    # what a shop or a vendor sells with a term: a warranty, a licence ("гарантирую" is no product)
    (
        "warranty",
        re.compile(
            r"гаранти[яиюейё]\b|гарантийн|warrant(?:y|ies)\b|"
            r"\b(?:extended|product|manufacturer'?s?|your|the|my|its|this) guarantee\b(?! (?:that|you|it|we|i)\b)|"
            r"лицензи[яиюей]\b|\blicen[cs]es?\b"
        ),
    ),
]

PRODUCT_NAMES = {
    "ru": {
        "safe_box": "Аренда сейфовой ячейки",
        "leasing": "Лизинг",
        "deposit": "Вклад",
        "insurance_kasko": "Полис КАСКО",
        "insurance_osago": "Полис ОСАГО",
        "insurance": "Страховой полис",
        "subscription": "Подписка",
        "card": "Карта",
        "mortgage": "Ипотека",
        "investment": "Инвестиционный продукт",
        "loan": "Кредит",
        "service": "Договор обслуживания",
        "warranty": "Гарантия или лицензия",
    },
    "en": {
        "safe_box": "Safe-deposit box rental",
        "leasing": "Leasing",
        "deposit": "Deposit",
        "insurance_kasko": "Car insurance (KASKO)",
        "insurance_osago": "Car insurance (OSAGO)",
        "insurance": "Insurance policy",
        "subscription": "Subscription",
        "card": "Card",
        "mortgage": "Mortgage",
        "investment": "Investment",
        "loan": "Loan",
        "service": "Service contract",
        "warranty": "Warranty or licence",
    },
}

# The product ends or runs out ("до" alone counts only right before the date, see tasks.py).
ENDS = re.compile(
    r"заканч|оканч|законч|кончает|кончит|кончае|истека|истеч|ист[её]к|закрыва|закроется|"
    # "обслуживание по нему прекращается", "срок полиса выходит девятого июля"
    r"прекраща\w*с[яь]|прекратится|\bсрок\w*\s+(?:\w+\s+){0,2}(?:выходит|выйдет)\b|"
    # "счёт будет закрыт", not "могу закрыть частями" (a debt paid off)
    r"закрыт(?!ь)|действ|"
    # "пакет будет отключён тридцатого", "the bundle is switched off after that": the service stops
    r"отключ(?:ится|атся|[её]н\w*)|\b(?:switched|turned) off\b|\bdeactivated\b|"
    # "your bonds are redeemed on the 15th", "the lease is up on the 30th"
    r"\bredeem(?:s|ed)?\b|\bredemption\b|\b(?:is|'s|are) up (?:on|at)\b|"
    # "карта перестанет работать тридцатого", "the membership terminates", "the fixed rate comes off on the 31st",
    # "it's paid up until the 10th"
    r"переста\w*\s+работать|\bterminat(?:es|ing)\b|\bwill terminate\b|\bcomes? off\b|"
    r"\bpaid up (?:until|till|to|through)\b|"
    r"погаша|погашен|погасится|\bгас(?:ит|ят)ся\b|подход(?:ит|ят) к концу|оконча|"
    r"\bmatur|expir|\bends?\b|\bending\b|runs out|valid until|\bceases?\b|\bruns? (?:until|till|through|to the)\b|"
    r"\b(?:good|lasts?) (?:until|till|through)\b|"
    r"comes to an end|\bfinish|\bdue\b|\brenews\b|"
    # "the last day of cover is the 30th", "your subscription will stop on the 19th"
    r"\blast day of (?:cover|the term|the policy|your policy)\b|\b(?:will stop|stops) on\b|"
    # "подписка продлевается двадцать пятого": an automatic renewal is the day the term ends
    r"продлевает(?:ся|ься)|продлится|пролонгируется|заверша|\blaps(?:es?|ing)\b|\b(?:term|period) (?:is|'s) up\b|"
    # "the renewal letter goes out on the first": the letter's date, not the end
    r"renewal(?!\s+(?:letter|notice|reminder|e-?mail|sms|text|pack|offer|quote|payment|fee|premium|price|cost|charge)s?\b)"
)
# The end already happened ("закончилась первого апреля"): a past event, no task.
ENDED = re.compile(
    r"\b(?:закончил\w*|кончил\w*|истекл\w*|ист[её]к|закрылс\w*|закрылась|погашен\w* был|"
    r"ended|expired|matured|ran out)\b"
)
# Asking or telling when a product will end (not that it already has): an answer may follow.
ENDING_AHEAD = re.compile(
    r"заканчив|кончает|кончит|истека|закрыва|закроется|действ|\bmatur|expir|\bends?\b|\bfinish\b|\brun out\b|"
    # "А вклад у меня до какого числа?": the question alone asks for the end
    r"\bдо какого\b|\buntil when\b"
)
# "по двенадцатое июля включительно", "valid through June 30": the last day included
UNTIL = re.compile(r"\b(?:до|по|until|till|by|through|thru)(?:\s+the)?\s*$")
# two things said together ("a hundred today and three hundred on the tenth")
AND_ALSO = re.compile(r"\s(?:и|а|and|plus)\s")
UNTIL_WORD = re.compile(r"\b(?:до|until|till|by)\b")
# A date said for something other than the customer's promise or a call-back: the payment schedule,
# a charge, interest, a deadline the bank sets.
SCHEDULED = re.compile(
    r"по графику|следующ\w* (?:платеж|платёж|списани|начислени)|ближайш\w* платеж|ближайш\w* платёж|"
    r"начислени|списани|срок рассмотрени|крайний срок|next (?:statement |scheduled )?payment|statement|"
    r"interest (?:is )?paid|"
    # "a new one will be posted on the 10th", "we'll send a new one in July" ("one" reads as "1"): the day
    # something is sent or ready
    r"\b(?:will be|'ll be|is being|gets?|be) (?:posted|sent out|delivered|dispatched|issued|ready|published)\b|"
    r"\b(?:send|post|issue|deliver|mail)\w* (?:you )?(?:a |the )?(?:new|replacement) (?:one|1|card)\b|"
    # "новая карта будет готова 12 ноября": the day the new one is ready, not the old one's end
    r"\bбуд(?:ет|ут) готов\w*|\bготов\w* к выдаче\b|"
    # "you need to confirm the renewal by the first": the customer's step before the end, not the end
    r"\b(?:need|have|has) to (?:confirm|sign|send|submit|return|apply|request|let us know)\b|"
    r"\b(?:нужно|надо|необходимо) (?:подтвердить|подписать|подать|сообщить|отправить)\b|"
    # "the renewal letter goes out on the first", "письмо придёт первого": the day a notice is sent
    r"\b(?:letter|notice|reminder|e-?mail|sms|text)s? (?:goes out|go out|will go out|is sent|are sent|will be sent|"
    r"arrives?|will arrive)\b|\b(?:письм\w*|уведомлени\w*|смс|sms) (?:придёт|придет|приходит|отправ\w*|уйд[её]т)\b"
)
# "вы вносите платёж каждый месяц двадцатого", "по графику": a standing schedule, whatever the verb
STANDING = re.compile(
    r"\bкажд\w+ (?:месяц|числ|недел)|\bежемесячн|\bпо графику\b|\bevery (?:month|week)\b|\beach month\b"
)
# "Предложение по вкладу действует до конца недели": an offer's deadline, not the product's end.
# a discount, a promo rate or a grace period "действует до" a day: its own deadline, not the product's end
OFFER = re.compile(
    r"предложени|\bакци[яиюей]|спецпредложени|\boffers?\b|promotion|\bpromo\b|"
    r"\bскидк|\bльготн\w* (?:период|ставк|тариф)|\bdiscount|\bgrace period\b|\bintroductory (?:rate|price)\b|"
    # "опция доступна для подключения до конца декабря": what can still be taken, not what ends
    r"\bдоступн\w* (?:для|к) (?:подключени|оформлени|покупк)|\bavailable (?:to|for) (?:buy|order|add|purchase)"
)
# "за неделю до окончания", "a week before": a time counted back from an end, not the end itself.
BEFORE_ANCHOR = re.compile(
    r"\bза\s+(?:(?:\d+|пару)\s+)?(?:дн\w*|день|недел\w*|месяц\w*)\s+до\s+\w+|"
    # "the week before it matures", "a month before the deposit ends": the end word names the anchor
    r"\b(?:a couple of|a few|a|an|one|the|\d+)\s+(?:days?|weeks?|months?)\s+(?:before|prior to|ahead of)"
    r"(?:\s+(?:it|the|its|your|my|that|this|they)\b(?:\s+\w+)??(?:\s+(?:ends?|expir\w*|matur\w*|runs out|"
    r"lapses?|finish\w*|is due|renews?))?|\s+\w+)?|"
    # "накануне окончания", "the day before it expires": the end word names the anchor, not an end
    r"\bнакануне(?:\s+(?:окончани|истечени|завершени|конц|погашени)\w*)?|"
    r"\bthe day before(?:\s+(?:it|the|its|your))?(?:\s+\w+)??(?:\s+(?:ends?|expir\w*|matur\w*|runs out|lapses?))?"
)

CALLBACK = re.compile(
    r"перезвон|перезван|позвон|набер|набрат|созвон|созван|отзвон|свяж|связатьс|звонок|звякн|напомните|можете напомнить|"
    # "звоню вам двадцать седьмого": the present said of the call to come; "вернусь к вам с ответом в четверг"
    r"\bзвоню (?:вам|тебе)\b|\bзвонк[аеу]\b|\bвернусь к вам\b|\bвернёмся к вам\b|\bвернемся к вам\b|"
    # "Напомню, следующий платёж десятого": said now, a reminder of a fact, no call to come
    r"напомн(?:ю|им)\b(?!\s*[,:—]|\s+что)|"
    # "Let me remind you, the next payment is on the 5th", "Just to remind you, ...": said now, no call to come
    r"(?<!let me )(?<!just to )(?<!can i )\bremind (?:me|you)\b"
    r"(?!\s*,|\s+(?:what|how|when|why|where|who|which|if|whether|of|about|that))|"
    r"\bcall (?:me|you|him|her|them|back)\b|callback|call back|\bring (?:me|you)\b|\ba call with\b|"
    r"\bcalling (?:you|me) back\b|\bring(?:ing)? (?:you|me) back\b|"
    # "Expect a call from us on Friday", "When would suit you for a call?", "I'll follow up with you on Monday"
    r"\b(?:for|expect|schedule|arrange|book) a (?:call|callback)\b|\bfollow up with (?:you|me)\b|"
    # "I've booked the call for Thursday", "could they call on Thursday instead?"
    r"\b(?:booked|scheduled|arranged|moved|set up) (?:the|your|a) (?:call|callback)\b|"
    r"\b(?:could|can|would) (?:they|he|she|someone) (?:call|ring)\b|"
    r"\b(?:be|get) in touch\b|"
    # "A claims handler will contact you within two business days": the bank's contact to come, as "свяжется с вами"
    r"\bcontact (?:you|me)\b|"
    r"get back to (?:you|me)|give (?:me|you) a (?:call|ring|bell|buzz)|\bphone (?:me|you)\b|"
    # "Our team will reach out to you on the 2nd"
    r"\breach out to (?:you|me)\b"
)
PAYMENT_PROMISE = re.compile(
    # "Четыре тысячи в пятницу, остальное в следующую пятницу": a sum split into dated parts is the customer's plan
    # to pay, with or without a verb (English leaves it to the question it answers)
    r"^\W*(?:(?:ну|ладно|давайте|хорошо|тогда)\W+)?\d+(?:\s*(?:тысяч\w*|руб\w*))?"
    # ("Пять тысяч в понедельник списали, остальное ...": a past verb before the rest tells what happened)
    r"\s+(?:в|во|до|к)\b(?![^,.!?]*\b(?!числа\b)\w{2,}(?:ли|ла|ло)\b)[^.!?]*?\b(?:остальн\w*|остаток)\b|"
    r"\b(?:внес[уёе]м?|оплач[уу]|оплатим|заплач[уу]|заплатим|погаш[уу]|погасим|закин[уе]м?|"
    r"полож[уи]м?|занес[уеё]м?|пополн(?:ю|им)|рассчита(?:юсь|емся)|отдам|верну|"
    r"смогу (?:оплатить|внести|заплатить|погасить)|верну долг|вс[её] закро(?:ю|ем)|"
    # "закрою всё" pays off; "закрою все счета" leaves the bank (CHURN)
    r"закро(?:ю|ем) (?:вс[её](?!\s+(?:мои\s+|свои\s+)?(?:сч[её]т|карт|вклад|депозит|продукт))|"
    r"долг\w*|задолженност\w*))\b|"
    r"\b(?:(?:can|could|may) i (?:\w+\s+)?pay)\b|"  # "Can I pay in ten days?": the customer proposes the date
    # "можно я внесу двадцатого?", a non-native "я платить... двадцать восемь декабря можно?": the same proposal
    r"\bможно\s+(?:я\s+)?(?:внесу|оплачу|заплачу|погашу|внести|оплатить|заплатить|погасить)\b|"
    r"\bя\s+(?:платить|внести|оплатить|заплатить|погасить)\b(?=[^!?]{0,60}?\bможно\s*\?)|"
    r"\blet me (?:\w+\s+)?pay\b|"
    # "I'll have the money in your account by Friday", "You'll have the payment by the 20th" (the customer's words)
    r"\b(?:i'll|i will) (?:have|get) (?:the |my )?(?:money|payment|funds)\b|"
    # "I'll have the overdraft paid off by the 28th"
    r"\bi(?:'ll| will) (?:have|get) (?:it|(?:the|my) (?:\w+ )?\w+) (?:paid|cleared|settled)\b|"
    r"\byou(?:'ll| will) (?:have|get|receive|see) (?:the |my )?(?:money|payment|funds)\b|"
    r"\b(?:the |my )?payment (?:will|'ll) (?:go out|be made|be sent|leave)\b|"
    r"\b(?:the )?(?:money|funds|payment) (?:will|'ll|should) be (?:in|there|paid|with you)\b|"
    r"\bit(?:'ll| will) be paid\b|\bденьги (?:\w+\s+)?будут (?:на (?:сч[её]те|карте|счету)|у вас)\b|"
    # "Оплату сделаю послезавтра", "задолженность будет закрыта к двадцать пятому"
    r"(?:оплат\w*|плат[её]ж\w*|платеж\w*|взнос\w*|перевод|погашени\w*)\s+(?:\w+\s+)?сделаю\b|\bсделаю\s+(?:\w+\s+)?(?:оплат|плат[её]ж|платеж|взнос)|"
    r"(?:задолженност|долг|кредит|остат)\w*\s+(?:\w+\s+){0,3}?будет\s+(?:закрыт|погашен|оплачен|внесен)\w*|"
    # "I can't pay until the 25th": the earliest day is the day promised
    r"\bi (?:can't|cannot|can not|won't be able to) (?:pay|clear|settle)\b[^.!?]{0,20}?\b(?:until|till|before)\b|"
    r"\bi(?:'ll| will| am going to|'m going to| promise(?: to| i'll)?| can| should(?: be able to)?|"
    r"(?:'m| am) planning to| plan to| intend to| hope to| aim to| expect to)\s+"
    r"(?:\w+\s+)?(?:[\w' ]{0,30}?\s+and\s+)?"
    # "I'll be paying the arrears in two instalments"
    r"(?:pay(?:ing)?|clear(?:ing)?|settl(?:e|ing)|cover(?:ing)?|transfer(?:ring)?|send(?:ing)?|wir(?:e|ing)|"
    r"make (?:the |a )?payment|sort (?:the |my )?(?:payment|arrears|balance) out|make sure it(?:'s| is) paid|"
    # "I'll put two hundred in on Friday", "I'll top it up", "I'll bring it back under the limit"
    r"top (?:\w+ )?up|put\b[^.!?]{0,25}?\b(?:in|into|back)|bring (?:it|the \w+) (?:back )?(?:under|down|up to date))\b"
)
# "I pay on 4th", "17th I make the transfer": a non-native speaker's present tense promises when a day is said
# beside it ("I pay by direct debit every month" is a habit)
EN_PRESENT_PROMISE = re.compile(
    r"\bi (?:just |then |only )?(?:pay|clear|settle|transfer|send|make (?:the |a )?(?:payment|transfer))\b"
    r"(?![^.!?]*\b(?:every|each|always|usually|normally|monthly|weekly|by direct debit)\b)"
)
PAYMENT_RESTATED = re.compile(
    r"обещани\w* (?:платеж|платёж|оплат)|promise to pay|обещал\w*\s+(?:\w+\s+)?(?:внести|оплатить|заплатить|погасить)|"
    # "отмечу, что полное погашение вы планируете в начале июня": the record may open with "что"
    r"(?:запис|фиксир|зафиксир|отмеч|отмет)\w*[,:]?\s+(?:что\s+)?(?:\w+\s+)?(?:платеж|платёж|оплат|погашени)|"
    # "Отлично, фиксирую обещание на 11 января", "I've logged your promise for the 27th": the agent puts the
    # customer's promise on record (a promise to call or to send something is no payment)
    r"(?:запис|фиксир|зафиксир|отмеч|отмет)\w*[,:]?\s+(?:ваш\w*\s+)?обещани\w*"
    r"(?!\s+(?:перезвон|позвон|связ|присл|отправ|приехать|прийти|подойти))|"
    r"\b(?:noted|logged|recorded|put down|made a note of),?\s+(?:a\s+|the\s+|your\s+)?(?:payment|promise)"
    r"(?!\s+to\s+(?:call|ring|send|come))|"
    # "So half today and the balance on Wednesday the twelfth", "Итак, половина сегодня, остаток пятого": a summary
    # that splits the sum into dated parts restates the payment
    r"^\W*(?:(?:okay|ok|right|хорошо|ладно)\W+)?(?:so|итак|значит|то есть)\b[^.!?]*"
    r"\b(?:the rest|the balance|the remainder|остаток|остальн\w*|вторую половину|вторая половина)\b|"
    # "Записываю: пять тысяч второго июля и одиннадцать тысяч десятого", "All right, a hundred on Friday the sixth
    # and two hundred on the 20th" (Whisper writes "Alright"), "То есть первая часть семнадцатого марта, вторая
    # двадцать четвёртого?": the agent's summary of the dated parts of a sum
    r"^\W*(?:(?:okay|ok|all right|alright|right|хорошо|ладно|отлично)\W+)?"
    r"(?:so|итак|значит|то есть|записываю|фиксирую|отмечаю|all right|alright|right|okay)\b[,:]?\s*(?:[^.!?]*?"
    r"(?:\b1(?:-?[яю])?|\bперв\w*|\bfirst)\s+(?:част|part|half|instal)|"
    r"\d{2,}(?:\s*(?:тысяч\w*|руб\w*|pounds?|dollars?|euros?))?\s+(?:on\s+|в\s+|во\s+)?[^.!?]*?"
    r"\s(?:и|and|,)\s+\d{2,}\b)|"
    # "вторая половина" read as digits: "2 половина"
    r"^\W*(?:(?:okay|ok|right|хорошо|ладно)\W+)?(?:итак|значит|то есть)\b[^.!?]*\b2(?:-?[юя])?\s+половин|"
    # "Хорошо, семнадцатого марта ждём оплату": the bank confirms the day it expects the money
    # "оплату продления вы внесёте двадцать восьмого": the agent restates the customer's promise
    r"\bвы\s+(?:\w+\s+)?(?:внес[её]те|оплатите|заплатите|погасите|доплатите|положите|вносите|оплачиваете|погашаете)\b"
    r"(?!\s*\?)|"
    r"\b(?:жд[её]м|ожида(?:ем|ю))\s+(?:ваш\w*\s+)?(?:платеж|платёж|оплат|взнос|погашени)|"
    # "То есть оплата поступит в среду?", "So the payment will reach us on Friday": the agent checks what was promised
    r"\b(?:то есть|значит|итак|правильно понимаю)\b[^.!?]{0,40}?\b(?:оплат\w*|плат[её]ж\w*|деньги)\s+"
    r"(?:\w+\s+)?(?:поступ\w*|придут|прид[её]т)|"
    # "To sum up: you'll pay the overdue two hundred on Friday": the agent restates the customer's promise
    r"\byou(?:'ll| will| are going to|'re going to)\s+(?:\w+\s+)?"
    r"(?:pay|clear|settle|top up|make (?:the |a )?payment)\b|"
    r"\bso (?:the |your )?(?:payment|money) (?:will )?(?:reach(?:es)? us|come in|comes in|arrive|arrives|land|lands)\b"
)
COMPLAINT = re.compile(
    r"жалоб|жаловат|пожаловат|претензи|рекламаци|complain|"
    # taking it to the regulator or the ombudsman, or a formal written grievance
    r"омбудсмен|ombudsman|\bв (?:центробанк|центральный банк|цб|роспотребнадзор)\b|\bregulator\b|\bthe fca\b|"
    r"официальн\w+ обращени|formal grievance"
)
NOT_COMPLAINT = re.compile(r"(?:нет|без) (?:жалоб|претензий)|претензий нет|no complaints?")
CHURN = re.compile(
    r"\b(?:уйду|уйд[её]м|ухожу|уходим|уйти|перейду|перейд[её]м|перехожу|перейти|переведу|перевести|"
    r"перевожу|переведём|заберу|забрать|выведу|выведем|вывести|выводить|перевел|перевёл|перевела|перевели|ушла|ушёл|ушел|забрала|забрал|"
    # "я всё забираю к другому брокеру", "сваливаю в другой банк": the same exit in other verbs and registers
    r"забира(?:ю|ем|ть)|свал(?:ю|им|иваю|иваем|ить)|переход(?:им|ить)|"
    # "перенесу номер к другому оператору": a telecom customer takes the number to a rival
    r"перенесу|перенес[её]м|перенести)\b"
    r"[^.!?]{0,40}?"
    r"(?:в друг\w+ банк|к конкурент|к друг\w+ [а-яё]+|от вас|в друго\w* место|куда-нибудь ещё|куда-нибудь еще|"
    r"в (?:сбер|тинькофф|т-банк|альф|втб|газпромбанк|райффайзен|открыти)|"
    r"в друг\w+ (?:страхов\w+|компани\w+|организаци\w+|фонд\w*|брокер\w*|оператор\w*)|"
    # "ухожу на другую площадку": leaving for another venue ("перейду на другой тариф" stays with the bank)
    r"(?<=\bуйду )на друг\w+ [а-яё]+|(?<=\bухожу )на друг\w+ [а-яё]+|"
    # "переведу их в брокерскую компанию": another provider of any kind
    r"в (?:\w+\s+)?(?:брокерск\w+|страхов\w+|инвестиционн\w+|управляющ\w+) компани\w*|к брокеру)|"
    # "я отказываюсь от вашей кредитки": giving up a product
    r"\bотказыва(?:юсь|емся)\s+от\s+(?:ваш\w+\s+|этой\s+|этого\s+)?(?:карт|кредитк|услуг|обслуживани|вклад|сч[её]т)|"
    r"\bзакр(?:ою|оем|ыть|ойте|ываю|ываем)\s+(?:мне\s+)?все\s+(?:мои\s+|свои\s+)?(?:сч[её]т|вклад|карт|депозит|продукт)|"
    r"\bзакр(?:ою|оем|ываю)\s+у вас\s+вс[её]\b|"
    r"\bзабрать все (?:свои |мои )?деньги|"
    r"больше не (?:буду|стану|хочу) (?:пользоваться|обслуживаться|работать с вами|(?:вашим\s+)?клиентом)|"
    # "и я от вас ухожу", "туда и уйду": the same threats said in the other order
    r"\bот вас\s+(?:уйду|ухожу|уходим|уйд[её]м)\b|\bтуда\s+(?:и\s+)?(?:уйду|перейду|уйд[её]м|перейд[её]м)\b|"
    # "застрахуюсь в другой компании", "рефинансирование в другом банке": the product taken elsewhere
    r"\b(?:застрахуюсь|застрахую|переоформлю|рефинансирую|рефинансируюсь|перекредитуюсь|"
    r"рефинансирован\w*)\b[^.!?]{0,40}?"
    r"\bв друг\w+ (?:банк|компани|страхов)|"
    # "Если не снизите, рефинансируюсь у них": the rival just named
    r"\b(?:рефинансируюсь|перекредитуюсь|застрахуюсь)\s+(?:у них|там)\b|"
    r"расторг(?:ну|нем|нуть|аю|аем) (?:\w+\s+)?договор|"
    # "ноги моей у вас не будет": the idiom of leaving for good
    r"\bноги моей (?:у вас |здесь |тут |в вашем банке )?не будет\b|"
    r"(?:уйти|уйду|ухожу|уйд[её]м) из (?:вашего |этого )?банка|"
    # "как только рассчитаюсь, уйду в банк, там кредитка дешевле": leaving for a bank, whichever it is
    r"\b(?:уйду|уйд[её]м|ухожу|уходим|перейду|перейд[её]м|перехожу)\s+в\s+"
    r"(?!(?:ваш|наш|этот|тот же)\w*\s)(?:\w+\s+)?банк|"
    r"\bi(?:'ll| will) switch\b|"
    # "уйду к ним" after the customer named a rival's offer: "к ним"/"туда" is the rival
    r"\b(?:уйду|уйд[её]м|перейду|перейд[её]м|уйти|перейти)\s+(?:к ним|туда)\b|"
    # "погашу досрочно и уйду": leaving said last
    r"\b(?:и|а потом|потом)\s+уйду\b|"
    # "если до первого июня вы не снизите ..., я карту закрою": a threat with a condition on the bank
    r"\bесли\b[^.!?]{0,80}?\bне\b[^.!?]{0,80}?"
    r"\b(?:закрою|закроем|закрываю|закрываем)\s+(?:\w+\s+){0,2}?(?:карт|сч[её]т|вклад|депозит|кредит|ипотек)|"
    r"\bесли\b[^.!?]{0,80}?\bне\b[^.!?]{0,80}?(?:карт\w*|сч[её]т\w*|вклад\w*)\s+(?:\w+\s+){0,2}?"
    r"(?:закрою|закроем|закрываю|закрываем)\b|"
    # "if it's not fixed by Friday, I'll close my account": the English threat with its condition
    r"\bif\b[^.!?]{0,80}?(?:\bnot\b|n't\b|\bno\b|\bnothing\b)[^.!?]{0,80}?"
    r"\b(?:i'll|i will|i'm going to|i am going to|i'm|i am)\s+"
    r"(?:\w+\s+)?(?:clos(?:e|ing)|cancel+(?:ing)?|leav(?:e|ing)|switch(?:ing)?|mov(?:e|ing)|port(?:ing)?)\b|"
    # "I'm porting my number to another network": a telecom customer's way to leave
    r"\bport(?:ing)? (?:my|our) numbers? (?:out|away|elsewhere|to)\b|"
    r"switch(?:ing)? banks?|(?:move|moving|transfer|transferring|take|taking)\b[^.!?]{0,70}?"
    r"(?:to (?:another|a different) \w+|elsewhere|somewhere else|to a competitor|"
    # "I move my account to other bank": a non-native speaker's way to leave, without the article
    r"to (?:some )?other (?:banks?|insurers?|providers?|lenders?|compan(?:y|ies)|operators?|networks?|brokers?))|"
    r"close all (?:my|of my) (?:accounts|cards)|"
    # "If not fixed by the 10th, I go to other operator": leaving said in the present, without the article
    r"\bi (?:go|will go|'ll go|am going|'m going|move|change) to (?:some |an |a )?(?:other|another|different) "
    r"(?:banks?|operators?|providers?|networks?|insurers?|lenders?|compan(?:y|ies))\b|"
    # "Either you refund it or I'm cancelling the card": the threat's other branch
    r"\bor (?:else )?(?:i'm|i am|i'll|i will)\s+(?:going to\s+)?(?:clos|cancel)\w*\s+(?:the|my|this)\s+"
    r"(?:card|account|contract|policy|subscription)\b|"
    r"leav(?:e|ing) (?:your|this|the) bank|"
    # "I'll leave if this isn't sorted by Friday": leaving said with its condition, not "I'll leave a message"
    r"\bi(?:'ll| will|'m going to| am going to)\s+(?:just\s+)?leave\s+(?:if|unless|then|for good)\b|"
    # "I'm thinking of closing my card": a considered exit, not a service request
    r"\b(?:thinking (?:of|about)|considering)\s+(?:closing|cancel+ing|leaving)\b|"
    # "вообще думаю закрыть у вас карту": the same considered exit in Russian
    r"\b(?:думаю|подумываю|задумываюсь)\s+(?:о том,? чтобы\s+)?(?:закрыть|расторгнуть)\s+(?:у вас\s+)?(?:\w+\s+)?"
    r"(?:карт|сч[её]т|вклад|договор)|"
    # "so I'm thinking of switching", "I might move elsewhere": a considered exit with no deadline
    r"\b(?:thinking (?:of|about)|considering)\s+(?:switching|moving|going)\b"
    r"(?!\s+(?:house|home|flat|abroad|address|back|ahead|through|on|it|them|the money|my money)\b)"
    r"(?![^.!?]{0,30}\b(?:house|flat|address|abroad|date|payment|appointment|savings|account)\b)|"
    r"\b(?:might|may well|could well)\s+(?:just\s+)?switch\b(?![^.!?]{0,30}\b(?:date|payment|account)\b)|"
    # "I'm closing my account and going elsewhere"
    r"\bi(?:'m| am|'ll| will)\s+(?:be\s+)?clos(?:e|ing)\s+(?:my|all my|all of my)\s+accounts?\b|"
    r"\b(?:go|going|take my (?:business|money))\s+elsewhere\b|"
    r"\b(?:i'm|i am) off to (?:another|a different|a new) \w+|"
    r"\b(?:i'm|i am) (?:done|finished) with (?:you|this bank|your bank)\b|"
    r"\blooking at other (?:banks|providers|lenders|insurers)\b|\bshopping around\b|"
    r"\bfound a better (?:deal|offer|rate)\b|\bнаш(?:ла|ёл|ел) (?:более )?выгодн\w+ (?:предложени|услови)|"
    r"\bприсматрива\w+ к други\w+ банк|"
    r"\b(?:move|moving|take|taking|transfer|transferring) (?:my|all my|our) \w+ (?:over )?(?:to them|there)\b|"
    r"\b(?:move|moving|take|taking|transfer|transferring) everything (?:there|over|to them|across)\b|"
    r"(?:go|going|switch|switching|move|moving)\s+(?:over\s+)?(?:to|with)\s+(?:another|a different|a new)\s+"
    r"(?:bank|insurer|provider|lender|company)"
)
PAST_MARKERS = re.compile(
    r"в прошлом (?:году|месяце)|\bназад\b|в позапрошлом|\blast (?:year|month|week)\b|\bago\b|\bused to\b"
)
# "Я хотела узнать", "хотел уточнить": the polite way to ask now, not a past event
POLITE_PAST = re.compile(
    r"\bхотел[аи]?\s+(?:бы\s+)?(?:\w+\s+)?(?:узнать|спросить|уточнить|попросить|поинтересоваться|обсудить|"
    r"проконсультироваться|посоветоваться|сообщить|предупредить)\b"
)
SUBJUNCTIVE = re.compile(r"\bчтобы\b|\bбы\b")
EN_PAST = re.compile(
    r"\b(?:opened|ended|expired|matured|closed|was|were|had|did|called|promised|took|paid|said|told)\b"
)
EN_NON_PAST = re.compile(
    r"\b(?:will|'ll|going to|is|are|am|expires|ends|matures|runs|need|want|can|please|let's|would)\b"
    r"|'s\b|'re\b|'m\b"
)
REQUEST = re.compile(r"пожалуйста|можно|можете|могли бы|\bplease\b|\bcould you\b|\bcan you\b|would you")
PROMISE = re.compile(r"обеща|\bpromise\b|\bi'll\b|\bi will\b|\bwe'll\b|\bwe will\b")
# "Хорошо, договорились, 27 октября", "So that's the 27th, agreed": the agent closes a haggle by restating the
# day settled, even when the customer's last reply was misheard or said no event of its own
SETTLED = re.compile(
    r"\bдоговорились\b|\bтак и запишем\b|\bзаписываю\b|\bфиксирую\b|"
    # "в пятницу 7-го утром записала": the agent's past tense puts the day on record just the same
    r"\bзаписал[аи]?\b|\bзафиксировал[аи]?\b|"
    r"\bso that'?s\b|\bthat'?s agreed\b|\bagreed\b"
)
AGREEMENT = re.compile(
    r"^\W*(?:давайте|лучше|хорошо|ладно|договорились|ok|okay|sure|fine|let's|make it)\b|давайте|(?:is|'s) fine|works|"
    # "В пятницу не успею, лучше в понедельник", "the end of July is better": a counter-proposal agrees to the event
    r"\bлучше\b|\bis better\b|\bmake it\b|^\W*(?:no problem|без проблем)\b|"
    # "Идёт, договорились.", "Go on then, the eleventh.", "Alright, deal.": a reply that takes the day offered
    r"^\W*(?:ид[её]т|согласн\w*|по рукам|alright|all right|deal|go on then)\b|"
    # "а вот в пятницу свободна", "Friday would be better", "Friday works for me"
    r"\bсвобод(?:ен|на|ны)\b|\bудобно\b|\bподойд[её]т\b|\bwould be better\b|\bsuits? me\b|\bworks for me\b"
)
# "ну смогу в четверг ... давайте в субботу": a later date proposed instead of one said before it
COUNTER_PROPOSAL = re.compile(r"\b(?:давайте|лучше|make it|let's say)\b|,\s*(?:say|скажем)\b")
# "Половину в пятницу, а остаток двадцатого": parts of one sum, each with its own date
SPLIT_PARTS = re.compile(
    r"половин|остат|остальн|част[ьи]\b|\bthe rest\b|\bhalf\b|remainder|\bthe balance\b|"
    r"\b(?:втор|перв)\w+ (?:плат[её]ж|платеж|взнос)|\b(?:first|second) (?:payment|instal+ment|part)"
)
CORRECTION = re.compile(
    r"(?:\.\.\.|…)\s*(?:ой\s*,?\s*)?нет\b|\bнет,(?=\s+не\b)|\bточнее\b|\bвернее\b|\bто есть\b|"
    r"\bi mean\b|\bsorry,?\s+(?:i mean|no)\b|\bno,\s+not\b|\bне\s+\d+\s*,\s*а\b|"
    r"\bнет,?\s+(?:вру|ошиб\w*|перепутал\w*|не так)\b|\b(?:ой|ах|хотя),?\s+нет\b|\bno,?\s+wait\b|"
    # "в четверг не стоп ...", "Стоп, путаю, третьего июля", "the 3rd no sorry the 13th", "scratch that"
    r"\b(?:не|нет),?\s+стоп\b|\bстоп,?\s+(?:путаю|нет|не так)\b|\bпутаю\b|\bno,?\s+sorry\b|\bsorry,?\s+no\b|"
    r"\bscratch that\b|\bwait,?\s+no\b|\bactually,?\s+no\b|"
    # "извините, оговорилась, четырнадцатого", "sorry, I misspoke, the 14th"
    r"\bоговорил\w*|\bпоправлюсь\b|\bmisspoke\b|\bmy mistake\b|\blet me correct (?:that|myself)\b|"
    # "on Monday, no, Tuesday", "в пятницу — нет, в понедельник": a bare "no" between two dates
    r"[,—–]\s*(?:нет|no)\s*[,—–]"
)
# The speaker rules the date out right after saying it: "в пятницу не получится", "двадцать шестого не
# смогу", "В пятницу не успею", "К пятнице никак", "Monday's no good", "Friday doesn't work for me".
RULED_OUT = re.compile(
    r"^(?:'s|\s+is)?[\s,]*(?:(?:мне|у меня|меня|я|уже|точно|ну|никак)\s+)?"
    r"(?:не\s+(?:получится|получается|смогу|могу|успею|успеваю|выйдет|подходит|подойд[её]т|устраивает|"
    r"удобно)\b|"
    r"нет\b|никак\b|поздно\b|вряд ли\b|no good\b|not good\b|too late\b|unlikely\b|"
    r"(?:doesn't|does not|won't|will not) work\b|"
    r"(?:is|'s)?\s*out for me\b)"
)
# "Давайте в пятницу, в четверг я в дороге", "Friday, Thursday I'm driving": the speaker is away on the other day
# ("call me back tomorrow, I'm driving" is about now: only beside another day does it rule one out)
AWAY_THAT_DAY = re.compile(
    r"^[\s,]*(?:(?:у меня|меня|я)\s+)?(?:не будет(?=\s*(?:[,.;!?—–]|$))|в дороге|на работе|занят\w*|в командировке|"
    r"в отъезде|у врача|за рул[её]м|на при[её]ме|на смене|на дежурстве|на вахте|в отпуске|на даче|в больнице)|"
    r"^[\s,]*(?:i'm|i am|i'll be|i will be)\s+(?:driving|away|busy|working|at work|travell?ing|in meetings|off|"
    r"on (?:shift|duty|holiday|leave))\b"
)
# The speaker prefers the date right after saying it: "в пятницу лучше, в четверг я на работе", "Friday's better
# for me": of two days in one sentence the preferred one is the day.
PREFERRED = re.compile(
    r"^(?:'s|\s+is|\s+would be)?[\s,]*(?:(?:мне|для меня|нам|всё-таки|все-таки)\s+)?"
    r"(?:лучше|удобнее|предпочтительнее|подойд[её]т|подходит|better|best|works (?:better|best)|suits me)\b"
)
CURRENCIES = {
    "руб": "RUB",
    "₽": "RUB",
    "доллар": "USD",
    "бакс": "USD",
    "$": "USD",
    "евро": "EUR",
    "€": "EUR",
    "dollar": "USD",
    "usd": "USD",
    "euro": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "£": "GBP",
    "gbp": "GBP",
    "rouble": "RUB",
    "ruble": "RUB",
    "rub": "RUB",
}
AMOUNT = re.compile(
    r"(?:(?P<pre>[$€£])\s?(?P<v1>\d[\d\s,]*(?:\.\d+)?))|"
    r"(?:(?P<v2>\d[\d\s]*(?:[.,]\d+)?)\s*(?P<mult>тыс\w*|млн|миллион\w*|thousand|million|k\b)?\s*"
    r"(?P<cur>руб\w*|₽|доллар\w*|бакс\w*|евро|dollars?|usd|euros?|eur|pounds?|gbp|roubles?|rubles?))"
)
PAYMENT_WORDS = re.compile(r"плат[её]ж|платеж|внест|внес[уе]|оплат|заплат|погасить|\bpay")

# The verb that governs a date names its event (see voc.extract.clauses): lemmas, so every tense,
# person and aspect counts ("внесу", "вносите", "внесём").
PAYMENT_LEMMAS = frozenset(
    {"внести", "вносить", "оплатить", "оплачивать", "заплатить", "платить", "погасить", "погашать", "доплатить",
     "выплатить", "рассчитаться", "закинуть", "пополнить", "положить", "перечислить", "выкупить", "занести"}
)  # fmt: skip
# Verbs that move or settle money only when the talk is about a payment ("Сегодня вечером переведу"
# after "платёж не поступил"; "Остаток закрою до пятнадцатого"): "перевести вклад в другой банк" is not.
# "кину деньги на счёт в субботу", "скину в пятницу": the slang of sending money counts with a debt in the talk;
# so does "несу в понедельник" (also what Whisper leaves of "внесу" when it drops the "в")
MONEY_MOVE_LEMMAS = frozenset(
    {"перевести", "переводить", "закрыть", "отправить", "повторить", "вернуть", "отдать", "кинуть", "скинуть",
     "перекинуть", "нести", "принести"}
)  # fmt: skip
# "То есть оплата поступит в пятницу?": money arriving dates the payment it is
ARRIVAL_LEMMAS = frozenset({"поступить", "поступать"})
CALLBACK_LEMMAS = frozenset(
    {
        "позвонить",
        "перезвонить",
        "перезванивать",
        "звонить",
        "набрать",
        "связаться",
        "созвониться",
        "отзвониться",
        "созваниваться",
        "напомнить",
        "сообщить",
        "вернуться",
    }
)
END_LEMMAS = frozenset(
    {"заканчиваться", "закончиться", "кончаться", "кончиться", "оканчиваться", "окончиться", "истекать", "истечь",
     "действовать", "погашаться", "погаситься", "гаситься", "закрываться", "закрыться", "продлеваться",
     "продлиться", "пролонгироваться", "завершаться", "завершиться", "прекращаться", "прекратиться",
     "отключаться", "отключиться", "отключить"}
)  # fmt: skip
# Money owed or paid: the topic that makes "переведу", "закрою" a payment.
DEBT_TOPIC = re.compile(
    r"плат[её]ж|платеж|оплат|плати|долг|задолженност|просрочк|взнос|минималк|минимальн\w* плат|остат|сумм|деньг|"
    r"\bплат[аеуы]\b|"  # "внести абонентскую плату": a fee owed
    r"погашени|рассрочк|"
    r"\d+\s*(?:тыс|руб|₽)|payment|overdue|balance|instal+ment|debt|\bpay\b|arrears"
)
# Nouns that are the subject of "заканчивается"/"is due" but are not a product: the end of a grace
# period, an approval, a price or a payment is not a product's end.
TERM_NOUNS = frozenset(
    {"срок", "действие", "договор", "контракт", "полис", "программа", "аренда", "гарантия", "план", "тариф", "пакет",
     "доступ"}
)  # fmt: skip
EN_NOT_PRODUCT_SUBJECT = re.compile(
    r"\b(?:(?:re)?payments?|instal+ments?|balance|bill|fees?|charges?|statement|interest|coupon|approval|price|"
    # "the promotional rate ends": a price's end; "my fixed rate ends" is the mortgage's term
    r"promo(?:tion|tional)?|introductory|grace period|bonus)\b"
)
# "the cashback offer ends": the head noun is an offer; "cashback card" and "my mortgage deal" stay products
EN_NOT_PRODUCT_HEAD = re.compile(r"offers?|cashback|rebate")
# The customer will make the call ("я сам позвоню", "I'll call you myself"): nothing for the bank to do.
EN_OWN_CALL = re.compile(
    r"\bi(?:'ll| will| can)\s+(?:\w+\s+)?(?:call|ring|phone|get back to)\s+(?:you|the bank)\b|"
    # "I'll think about it and call you myself": the customer's own call, however much stands before it
    r"\b(?:call|ring|phone)\s+(?:you|the bank)\s+(?:back\s+)?myself\b|"
    r"\bi(?:'ll| will)\s+(?:\w+\s+){1,5}?and\s+(?:call|ring|phone|get back to)\s+(?:you|the bank)\b"
)
# "Если что, звоните, а я вам перезвоню в пятницу": the agent's own call stands beside the request
AGENTS_OWN_CALL = re.compile(
    r"\b(?:перезвоню|позвоню|наберу|свяжусь|перезвоним|позвоним|наберём|наберем|свяжемся|отзвонюсь)\b|"
    r"\b(?:i'll|i will|we'll|we will)\s+(?:\w+\s+)?(?:call|ring|phone)\b"
)
# The agent asks the customer to call if something goes wrong ("Если до двадцать восьмого деньги не поступят,
# позвоните нам", "if it hasn't arrived by Friday, call us"): the bank has nothing to do unless the customer calls.
CONDITIONAL_CALL_US = re.compile(
    r"\b(?:если|в случае|if|in case|should)\b[^.!?]*\b(?:позвоните|перезвоните|звоните|свяжитесь|обратитесь|"
    r"call us|ring us|give us a (?:call|ring)|contact us|get in touch)\b|"
    r"\b(?:позвоните|перезвоните|звоните|свяжитесь|обратитесь|call us|ring us|give us a (?:call|ring)|contact us)\b"
    r"[^.!?]*\b(?:если|в случае|if|in case)\b"
)
# An agent who registers the customer's complaint ("оформлю претензию", "I've logged your complaint").
REGISTERS_COMPLAINT = re.compile(
    # "Я зарегистрирую ваше обращение как претензию": a few words may stand between
    r"(?:оформ|зарегистр|регистрир|фиксир|переда[мюлт]|прин(?:ял|яла|яли|иму|имаю))\w*\s+(?:\w+\s+){0,4}"
    r"(?:жалоб|претензи|рекламаци)|(?:жалоб|претензи|рекламаци)\w*\s+(?:\w+\s+)?(?:оформ|зарегистр|принят|передан)|"
    r"\b(?:i've|i have|i'll|i will|we've|we have)\s+(?:\w+\s+)?(?:raised|logged|registered|filed|opened|recorded)\b|"
    # "I'll open a formal complaint", "we'll log a complaint for you": the promise to register it
    r"\b(?:i'll|i will|we'll|we will|let me)\s+(?:\w+\s+)?(?:raise|log|register|file|open|record)\s+(?:\w+\s+){0,3}"
    r"complaint"
)
