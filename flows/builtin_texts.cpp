#include "flows/builtin_texts.hpp"

#include <array>
#include <utility>

namespace stoop::flows::detail {
namespace {

// One row per text, in the order of builtin_languages(): en, es, ht, kea, zh, vi.
using Row = std::array<std::string_view, 6>;

constexpr std::pair<BuiltinText, Row> table[] = {
    {BuiltinText::invalid_choice,
     {"Sorry, I didn't understand. Please reply with the number of your answer.",
      "Perdón, no le entendí. Por favor, responda con el número de su respuesta.",
      "Eskize m, mwen pa konprann. Tanpri reponn ak nimewo repons ou a.",
      "Diskulpa, N ka intendi. Pur favor, responde ku númeru di bu resposta.",
      "抱歉，我没有看懂。请回复您选择的数字。",
      "Xin lỗi, tôi chưa hiểu. Vui lòng trả lời bằng số của lựa chọn."}},
    {BuiltinText::invalid_multiple,
     {"Sorry, I didn't understand. Please reply with one or more numbers, for example: 1, 3",
      "Perdón, no le entendí. Responda con uno o más números, por ejemplo: 1, 3",
      "Eskize m, mwen pa konprann. Tanpri reponn ak youn oswa plizyè nimewo, pa egzanp: 1, 3",
      "Diskulpa, N ka intendi. Pur favor, responde ku un o más númeru, pur izénplu: 1, 3",
      "抱歉，我没有看懂。请回复一个或多个数字，例如：1, 3",
      "Xin lỗi, tôi chưa hiểu. Vui lòng trả lời bằng một hoặc nhiều số, ví dụ: 1, 3"}},
    {BuiltinText::invalid_yes_no,
     {"Sorry, I didn't understand. Please reply YES or NO.",
      "Perdón, no le entendí. Por favor, responda SÍ o NO.",
      "Eskize m, mwen pa konprann. Tanpri reponn WI oswa NON.",
      "Diskulpa, N ka intendi. Pur favor, responde SIN o NÃU.",
      "抱歉，我没有看懂。请回复“是”或“否”。",
      "Xin lỗi, tôi chưa hiểu. Vui lòng trả lời CÓ hoặc KHÔNG."}},
    {BuiltinText::invalid_number,
     {"Sorry, please reply with a number.",
      "Perdón, por favor responda con un número.",
      "Eskize m, tanpri reponn ak yon nimewo.",
      "Diskulpa, pur favor responde ku un númeru.",
      "抱歉，请回复一个数字。",
      "Xin lỗi, vui lòng trả lời bằng một con số."}},
    {BuiltinText::invalid_number_range,
     {"Sorry, please reply with a number from {min} to {max}.",
      "Perdón, por favor responda con un número del {min} al {max}.",
      "Eskize m, tanpri reponn ak yon nimewo ant {min} ak {max}.",
      "Diskulpa, pur favor responde ku un númeru di {min} ti {max}.",
      "抱歉，请回复 {min} 到 {max} 之间的数字。",
      "Xin lỗi, vui lòng trả lời bằng một số từ {min} đến {max}."}},
    {BuiltinText::invalid_text,
     {"Sorry, I didn't get that. Please reply with a few words.",
      "Perdón, no recibí su respuesta. Por favor, responda con unas palabras.",
      "Eskize m, mwen pa resevwa repons ou. Tanpri reponn ak kèk mo.",
      "Diskulpa, N ka resebe bu resposta. Pur favor, responde ku alguns palavra.",
      "抱歉，我没有收到您的回答。请用几个字回复。",
      "Xin lỗi, tôi chưa nhận được câu trả lời. Vui lòng trả lời bằng vài chữ."}},
    {BuiltinText::retries_exhausted,
     {"Sorry, I still didn't understand. Let's stop here for now. You can write to us again at any time.",
      "Perdón, todavía no le entendí. Lo dejamos aquí por ahora. Puede escribirnos de nuevo cuando quiera.",
      "Eskize m, mwen toujou pa konprann. Ann rete la pou kounye a. Ou ka ekri nou ankò nenpòt ki lè.",
      "Diskulpa, inda N ka intendi. Nu ta para li pa gosi. Bu pode skrebe-nu otu bês kualker ora.",
      "抱歉，我还是没有看懂。我们先到这里。您随时可以再给我们发消息。",
      "Xin lỗi, tôi vẫn chưa hiểu. Chúng ta tạm dừng ở đây nhé. Bạn có thể nhắn lại cho chúng tôi bất cứ lúc nào."}},
    {BuiltinText::yes, {"Yes", "Sí", "Wi", "Sin", "是", "Có"}},
    {BuiltinText::no, {"No", "No", "Non", "Nãu", "否", "Không"}},
};

} // namespace

const std::vector<std::string_view>& builtin_languages() {
  static const std::vector<std::string_view> languages{"en", "es", "ht", "kea", "zh", "vi"};
  return languages;
}

std::string builtin_text(BuiltinText text, std::string_view language) {
  std::size_t column = 0;
  const auto& languages = builtin_languages();
  for (std::size_t i = 0; i < languages.size(); ++i) {
    if (languages[i] == language) column = i;
  }
  for (const auto& [key, row] : table) {
    if (key == text) return std::string(row[column]);
  }
  return {};
}

// Single letters and single Chinese characters (y, n, 好, 不) only match an
// answer that is exactly that word: inside a sentence they mean too many things.
const std::vector<std::string_view>& yes_words() {
  static const std::vector<std::string_view> words{
      "yes", "y", "yeah", "yep", "yup", "ok", "okay", "sure", "of course", "i agree", "agree",  // en
      "sí", "si", "claro", "de acuerdo", "por supuesto", "vale", "acepto", "está bien",        // es
      "wi", "dakò", "wi dakò", "anfòm",                                                       // ht
      "sin", "sim", "kré", "N kré", "konkorda",                                               // kea
      "是", "是的", "对", "對", "好", "好的", "可以", "同意", "行",                             // zh
      "có", "vâng", "dạ", "ừ", "đồng ý", "được",                                              // vi
  };
  return words;
}

const std::vector<std::string_view>& no_words() {
  static const std::vector<std::string_view> words{
      "no", "n", "nope", "nah", "no thanks", "not now",          // en
      "no gracias", "no acepto",                                  // es
      "non", "non mèsi", "pa dakò",                               // ht
      "nãu", "nau", "não", "N ka kré",                            // kea
      "不", "不是", "否", "不要", "不同意", "不行", "没有", "沒有", // zh
      "không", "ko", "k", "không đồng ý", "thôi",                 // vi
  };
  return words;
}

} // namespace stoop::flows::detail
